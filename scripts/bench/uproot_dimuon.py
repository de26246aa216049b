#!/usr/bin/env python3
"""The processor benchmark's analysis with uproot + awkward + hist (the Python reference stack):
at least two tight muons, opposite charge, m(mumu) in 60-120 GeV, a genWeight-weighted histogram and a
cutflow, read in chunks of CHUNK events. Kinematics in float64 (as our processor computes them), so
that the histogram equals ours bin for bin. Prints {"seconds": median, "events": N, "selected": n,
"import_seconds", "histograms"} (the last run's mll histogram, flow bins included).

Usage: uproot_dimuon.py FILE REPEATS [CHUNK]"""
import time

START = time.perf_counter()
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402

import awkward as ak  # noqa: E402
import hist  # noqa: E402
import numpy as np  # noqa: E402
import uproot  # noqa: E402

BRANCHES = ["nMuon", "Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass", "Muon_charge", "Muon_tightId", "genWeight"]


def run(path, chunk):
    histogram = hist.Hist(hist.axis.Regular(60, 60, 120, name="mll"), storage=hist.storage.Weight())
    cutflow = {"initial": 0, "presel": 0}
    for events in uproot.iterate(f"{path}:Events", BRANCHES, step_size=chunk, library="ak"):
        cutflow["initial"] += len(events)
        tight = events.Muon_tightId
        pt, eta, phi, mass = (ak.values_astype(events[f"Muon_{f}"][tight], np.float64)
                              for f in ["pt", "eta", "phi", "mass"])
        charge = events.Muon_charge[tight]
        two = ak.num(pt) >= 2
        pt, eta, phi, mass, charge, weight = pt[two], eta[two], phi[two], mass[two], charge[two], events.genWeight[two]
        px, py, pz = pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta)
        energy = np.sqrt(px * px + py * py + pz * pz + mass * mass)
        sx, sy, sz, se = (a[:, 0] + a[:, 1] for a in (px, py, pz, energy))
        mll = np.sqrt(se * se - sx * sx - sy * sy - sz * sz)
        keep = (charge[:, 0] != charge[:, 1]) & (mll > 60) & (mll < 120)
        cutflow["presel"] += int(ak.sum(keep))
        histogram.fill(mll=ak.to_numpy(mll[keep]), weight=ak.to_numpy(weight[keep]).astype(np.float64))
    return cutflow, histogram


def main(path, repeats, chunk):
    imported = time.perf_counter()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        cutflow, histogram = run(path, chunk)
        times.append(time.perf_counter() - start)
    print(json.dumps({"seconds": statistics.median(times), "events": cutflow["initial"], "selected": cutflow["presel"],
                      "import_seconds": imported - START,
                      "histograms": {"mll": {"values": histogram.values(flow=True).tolist(),
                                             "variances": histogram.variances(flow=True).tolist()}}}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 100_000)
