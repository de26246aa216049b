#!/usr/bin/env python3
"""Reads TTrees with ROOT itself (PyPI ROOT) for the ROOTIO writer tests: every entry through
TTree::GetEntry, every leaf's values through TLeaf::GetLen/GetValue, and the entry count and one
column's sum through RDataFrame (finite sums only: JSON has no NaN).

Usage: root-dump.py FILE OUT.json TREE [TREE ...]

Writes {tree: {"entries": N, "rdf_entries": N, "rdf_sums": {branch: sum}, "branches": {name:
{"counts": [...], "values": [...]}}}} with values as the repr of doubles (exact, where JSON
number parsers may round)."""
import json
import math
import sys
import warnings

warnings.filterwarnings("ignore")
import ROOT  # noqa: E402


def dump_tree(file, name):
    tree = file.Get(name)
    if not tree:
        raise SystemExit(f"no tree {name} in {file.GetName()}")
    leaves = [leaf for leaf in tree.GetListOfLeaves()]
    branches = {leaf.GetName(): {"counts": [], "values": []} for leaf in leaves}
    for entry in range(tree.GetEntries()):
        if tree.GetEntry(entry) <= 0 and len(leaves) > 0:
            raise SystemExit(f"GetEntry({entry}) of {name} read nothing")
        for leaf in leaves:
            record = branches[leaf.GetName()]
            count = leaf.GetLen()
            record["counts"].append(count)
            record["values"].extend(repr(leaf.GetValue(i)) for i in range(count))
    frame = ROOT.RDataFrame(name, file.GetName())
    sums = {}
    for leaf in leaves:
        if not leaf.GetLeafCount() and leaf.GetLen() == 1 and leaf.GetTypeName() in ("Double_t", "Float_t"):
            sums[leaf.GetName()] = frame.Sum(leaf.GetName())
    count = frame.Count()
    return {
        "entries": tree.GetEntries(),
        "rdf_entries": count.GetValue(),
        "rdf_sums": {key: value.GetValue() for key, value in sums.items() if math.isfinite(value.GetValue())},
        "branches": branches,
    }


def main(path, out, trees):
    file = ROOT.TFile.Open(path)
    if not file or file.IsZombie():
        raise SystemExit(f"ROOT cannot open {path}")
    result = {name: dump_tree(file, name) for name in trees}
    with open(out, "w") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
