#!/usr/bin/env python3
"""Dumps every branch of the TTrees of a ROOT file with uproot (the reference reader), for the
ROOTIO tests to compare against byte for byte.

Usage: uproot-dump.py FILE OUTDIR [TREE ...]

Writes OUTDIR/index.json: {tree: {"entries": N, "branches": [{"name", "dtype", "jagged", "file",
"offsets", "strings", "skipped"}]}}; values as little-endian raw bytes in OUTDIR/<n>.values, jagged
offsets as little-endian int64 in OUTDIR/<n>.offsets, strings inline."""
import json
import pathlib
import sys

import awkward as ak
import numpy as np
import uproot


def little_endian(array):
    array = np.ascontiguousarray(array)
    return array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes()


def dump_branch(branch, outdir, number):
    record = {"name": branch.name, "jagged": False}
    interpretation = branch.interpretation
    kind = type(interpretation).__name__
    if kind == "AsStrings":
        record["strings"] = [str(s) for s in branch.array(library="np")]
        return record
    if kind not in ("AsDtype", "AsJagged"):
        record["skipped"] = kind
        return record
    array = branch.array(library="ak")
    if kind == "AsJagged":
        record["jagged"] = True
        counts = ak.to_numpy(ak.num(array)).astype(np.int64)
        offsets = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(counts)])
        content = ak.to_numpy(ak.flatten(array))
        (outdir / f"{number}.offsets").write_bytes(little_endian(offsets))
        record["offsets"] = f"{number}.offsets"
    else:
        content = ak.to_numpy(array).reshape(-1)
    record["dtype"] = content.dtype.name
    (outdir / f"{number}.values").write_bytes(little_endian(content))
    record["file"] = f"{number}.values"
    return record


def main(path, outdir, trees):
    outdir = pathlib.Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    index = {}
    number = 0
    with uproot.open(path) as file:
        names = trees or [key.split(";")[0] for key, cls in file.classnames().items() if cls == "TTree"]
        for name in dict.fromkeys(names):
            tree = file[name]
            branches = []
            for branch in tree.itervalues(recursive=True):
                branches.append(dump_branch(branch, outdir, number))
                number += 1
            index[name] = {"entries": tree.num_entries, "branches": branches}
    (outdir / "index.json").write_text(json.dumps(index))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
