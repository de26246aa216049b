#!/usr/bin/env python3
"""Writes ROOT files with uproot for the ROOTIO tests: every leaf type flat and jagged, several baskets
and clusters, every compression algorithm, and a basket above ROOT's 16 MiB compression-block limit.
Deterministic (fixed seed).

Usage: make-test-root-files.py OUTDIR"""
import pathlib
import sys

import awkward as ak
import numpy as np
import uproot

TYPES = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float32", "float64"]
COMPRESSIONS = {
    "zlib": uproot.ZLIB(1),
    "lzma": uproot.LZMA(2),
    "lz4": uproot.LZ4(4),
    "zstd": uproot.ZSTD(5),
    "none": None,
}


def values(rng, dtype, count):
    if dtype == "bool":
        return rng.integers(0, 2, count).astype(bool)
    if dtype.startswith("float"):
        return rng.normal(50, 20, count).astype(dtype)
    info = np.iinfo(dtype)
    return rng.integers(info.min, info.max, count, dtype=dtype, endpoint=True)


def batch(rng, entries):
    data = {f"flat_{t}": values(rng, t, entries) for t in TYPES}
    counts = rng.poisson(2.5, entries)
    fields = {t: values(rng, t, int(counts.sum())) for t in TYPES}
    data["Obj"] = ak.zip({t: ak.unflatten(fields[t], counts) for t in TYPES})
    data["fixed3"] = values(rng, "float32", entries * 3).reshape(entries, 3)
    return data


def branch_types(data):
    types = {}
    for name, array in data.items():
        if isinstance(array, ak.Array):
            types[name] = array.type.content
        elif array.ndim > 1:
            types[name] = np.dtype((array.dtype, array.shape[1:]))
        else:
            types[name] = array.dtype
    return types


def write_tree(path, compression, batches):
    with uproot.recreate(path, compression=compression) as file:
        tree = None
        for data in batches:
            if tree is None:
                tree = file.mktree("Events", branch_types(data))
            tree.extend(data)


def main(outdir):
    outdir = pathlib.Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    for name, compression in COMPRESSIONS.items():
        rng = np.random.default_rng(12345)
        write_tree(outdir / f"types-{name}.root", compression, [batch(rng, size) for size in (1000, 2500, 1, 4000)])
        rng = np.random.default_rng(7)
        counts = np.full(100_000, 22)
        content = rng.normal(0, 1, int(counts.sum())).astype("float64")
        big = {"Big": ak.zip({"x": ak.unflatten(content, counts)}), "run": np.arange(100_000, dtype="int32")}
        write_tree(outdir / f"big-{name}.root", compression, [big])


if __name__ == "__main__":
    main(sys.argv[1])
