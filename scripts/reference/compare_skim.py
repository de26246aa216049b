#!/usr/bin/env python3
"""Checks skimmed files against their inputs with uproot, independently of pocket-coffea's reader:
the events an uproot selection keeps from the inputs (in order) must equal the skimmed files read
one after the other, branch by branch, bit for bit; the skims' Runs trees, concatenated, must equal
the inputs'. Prints one JSON object with the counts and every difference.

Usage: compare_skim.py CUT SKIMMED_FILES_JSON INPUT.root [INPUT.root ...]
       CUT is a Python expression over `t`, a dict of the inputs' branches as awkward arrays, e.g.
       "(t['nMuon'] >= 2) & (t['PV_npvsGood'] >= 1)"; "True" keeps every event (hadd checks).
       SKIMMED_FILES_JSON is a JSON list of the skimmed files, in order."""
import json
import sys

import awkward as ak
import numpy as np
import uproot


def readable(tree):
    names = []
    for name, branch in tree.items():
        try:
            branch.interpretation.numpy_dtype  # strings and objects have none
            names.append(name)
        except Exception:
            pass
    return names


def concatenated(files, tree_name, names):
    parts = [uproot.open(f)[tree_name].arrays(names, library="ak") for f in files if tree_name in uproot.open(f)]
    if not parts:
        return None
    return ak.concatenate(parts) if len(parts) > 1 else parts[0]


def same(a, b):
    if a.ndim > 1 or isinstance(ak.type(a).content, ak.types.ListType):
        if not np.array_equal(ak.to_numpy(ak.num(a)), ak.to_numpy(ak.num(b))):
            return False
        a, b = ak.flatten(a), ak.flatten(b)
    x, y = np.asarray(ak.to_numpy(a)), np.asarray(ak.to_numpy(b))
    return x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes()


def main():
    cut, skimmed_list, inputs = sys.argv[1], json.loads(open(sys.argv[2]).read()), sys.argv[3:]
    first = uproot.open(inputs[0])["Events"]
    names = readable(first)
    original = concatenated(inputs, "Events", names)
    t = {name: original[name] for name in names}
    mask = eval(cut, {"np": np, "ak": ak}, {"t": t})
    expected = original[mask] if mask is not True else original
    skimmed_names = uproot.open(skimmed_list[0])["Events"].keys() if skimmed_list else []
    skim = concatenated(skimmed_list, "Events", [n for n in names if n in skimmed_names])
    report = {
        "inputEvents": len(original),
        "expectedEvents": len(expected),
        "skimmedEvents": 0 if skim is None else len(skim),
        "branchesCompared": 0,
        "missing": [n for n in names if n not in skimmed_names],
        "different": [],
        "titlesDiffer": [],
    }
    skimmed_tree = uproot.open(skimmed_list[0])["Events"] if skimmed_list else None
    for name in names:
        if name not in skimmed_names:
            continue
        report["branchesCompared"] += 1
        if len(expected) != len(skim) or not same(expected[name], skim[name]):
            report["different"].append(name)
        if first[name].title != skimmed_tree[name].title or first[name].typename != skimmed_tree[name].typename:
            report["titlesDiffer"].append(name)
    runs_in = [f for f in inputs if "Runs" in uproot.open(f)]
    if runs_in:
        run_names = readable(uproot.open(runs_in[0])["Runs"])
        a = concatenated(runs_in, "Runs", run_names)
        b = concatenated(skimmed_list, "Runs", run_names)
        report["runsEqual"] = b is not None and len(a) == len(b) and all(same(a[n], b[n]) for n in run_names)
    print(json.dumps(report))


main()
