#!/usr/bin/env python3
"""Writes a NanoAOD-like file with uproot for the ROOT-reading and processor benchmarks: an `Events`
tree with the branches of a dimuon analysis among others (run, event, genWeight, MET, Muon_*,
Electron_*, Jet_*), baskets of 10,000 events, deterministic content (fixed seed).

Usage: make_nanoaod_like.py OUTPUT.root COMPRESSION[:LEVEL] [EVENTS] [SEED]
       COMPRESSION is zlib, lzma, lz4, zstd or none."""
import sys

import awkward as ak
import numpy as np
import uproot

CODECS = {"zlib": uproot.ZLIB, "lzma": uproot.LZMA, "lz4": uproot.LZ4, "zstd": uproot.ZSTD}
BASKET = 10_000


def collection(rng, counts, fields):
    total = int(counts.sum())
    return ak.zip({name: ak.unflatten(make(rng, total), counts) for name, make in fields.items()})


def muons(rng, total):
    return {
        "pt": lambda r, n: (r.exponential(25, n) + 5).astype("float32"),
        "eta": lambda r, n: r.uniform(-2.4, 2.4, n).astype("float32"),
        "phi": lambda r, n: r.uniform(-np.pi, np.pi, n).astype("float32"),
        "mass": lambda r, n: np.full(n, 0.10566, dtype="float32"),
        "charge": lambda r, n: r.choice(np.array([-1, 1], dtype="int32"), n),
        "tightId": lambda r, n: r.random(n) < 0.8,
        "pfRelIso04_all": lambda r, n: r.exponential(0.1, n).astype("float32"),
    }


def batch(rng, start, size):
    n_muon = rng.poisson(1.6, size).astype("uint32")
    n_electron = rng.poisson(1.0, size).astype("uint32")
    n_jet = rng.poisson(4.0, size).astype("uint32")
    muon_fields = {k: (lambda f: (lambda n: f(rng, n)))(f) for k, f in muons(rng, 0).items()}
    electron_fields = {k: muon_fields[k] for k in ("pt", "eta", "phi", "mass", "charge")}
    jet_fields = {
        "pt": lambda n: (rng.exponential(40, n) + 15).astype("float32"),
        "eta": lambda n: rng.uniform(-4.7, 4.7, n).astype("float32"),
        "phi": lambda n: rng.uniform(-np.pi, np.pi, n).astype("float32"),
        "mass": lambda n: rng.exponential(8, n).astype("float32"),
        "btagDeepFlavB": lambda n: rng.random(n).astype("float32"),
        "jetId": lambda n: rng.integers(0, 7, n).astype("int32"),
    }

    def zipped(counts, fields):
        total = int(counts.sum())
        return ak.zip({name: ak.unflatten(make(total), counts) for name, make in fields.items()})

    return {
        "run": np.full(size, 1, dtype="uint32"),
        "luminosityBlock": (np.arange(start, start + size) // 1000).astype("uint32"),
        "event": np.arange(start, start + size, dtype="uint64"),
        "genWeight": rng.normal(1.0, 0.1, size).astype("float32"),
        "MET_pt": rng.exponential(30, size).astype("float32"),
        "MET_phi": rng.uniform(-np.pi, np.pi, size).astype("float32"),
        "PV_npvsGood": rng.poisson(30, size).astype("int32"),
        "HLT_IsoMu24": rng.random(size) < 0.3,
        "Muon": zipped(n_muon, muon_fields),
        "Electron": zipped(n_electron, electron_fields),
        "Jet": zipped(n_jet, jet_fields),
    }


def branch_types(data):
    return {k: (v.type.content if isinstance(v, ak.Array) else v.dtype) for k, v in data.items()}


def main(path, compression, events, seed=2026):
    name, _, level = compression.partition(":")
    codec = None if name == "none" else CODECS[name](int(level)) if level else CODECS[name]()
    rng = np.random.default_rng(seed)
    with uproot.recreate(path, compression=codec) as file:
        tree = None
        for start in range(0, events, BASKET):
            data = batch(rng, start, min(BASKET, events - start))
            if tree is None:
                tree = file.mktree("Events", branch_types(data))
            tree.extend(data)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000,
         int(sys.argv[4]) if len(sys.argv) > 4 else 2026)
