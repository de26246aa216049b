#!/usr/bin/env python3
"""The analysis of share/examples/local/analysis.yaml written independently with uproot + awkward +
hist: the reference the processor's results are compared with, bin for bin.

Usage: local_dimuon.py FILE IS_MC XSEC LUMI > result.json
Prints {"cutflow": {step: [events, sumw, sumw2]}, "histograms": {category: {variation: {"values": [...],
"variances": [...]}}}} for the mll histogram (flow bins included, as UHI writes them)."""
import json
import sys

import awkward as ak
import hist
import numpy as np
import uproot


def vector(pt, eta, phi, mass):
    px, py, pz = pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta)
    return px, py, pz, np.sqrt(px * px + py * py + pz * pz + mass * mass)


def delta_r(eta1, phi1, eta2, phi2):
    dphi = np.mod(phi1 - phi2 + np.pi, 2 * np.pi) - np.pi
    return np.sqrt((eta1 - eta2) ** 2 + dphi ** 2)


def main(path, is_mc, xsec, lumi):
    events = uproot.open(path)["Events"].arrays()
    events = ak.with_field(events, ak.values_astype(events.genWeight, np.float64), "w")
    generator = ak.to_numpy(events.w) if is_mc else np.ones(len(events))
    cutflow = {}

    def record(step, weights):
        cutflow[step] = [float(len(weights)), float(np.sum(weights)), float(np.sum(weights ** 2))]

    record("initial", generator)
    skim = (events.nMuon >= 2) & (events.PV_npvsGood >= 1)
    events = events[skim]
    record("skim", ak.to_numpy(events.w) if is_mc else np.ones(len(events)))

    muon = ak.zip({f: events[f"Muon_{f}"] for f in ["pt", "eta", "phi", "mass", "charge", "tightId", "pfRelIso04_all"]})
    good = muon[(muon.pt > 15) & (abs(muon.eta) < 2.4) & muon.tightId & (muon.pfRelIso04_all < 0.15)]
    jet = ak.zip({f: events[f"Jet_{f}"] for f in ["pt", "eta", "phi", "jetId"]})
    pairs = ak.cartesian([jet, good], nested=True)
    dr = delta_r(pairs["0"].eta, pairs["0"].phi, pairs["1"].eta, pairs["1"].phi)
    min_dr = ak.fill_none(ak.min(dr, axis=2), np.inf)
    jet_good = jet[(jet.pt > 30) & (abs(jet.eta) < 2.5) & (jet.jetId >= 2) & (min_dr > 0.4)]

    padded = ak.pad_none(good, 2)
    first, second = padded[:, 0], padded[:, 1]
    p1 = vector(*(ak.fill_none(first[f], np.nan) for f in ["pt", "eta", "phi", "mass"]))
    p2 = vector(*(ak.fill_none(second[f], np.nan) for f in ["pt", "eta", "phi", "mass"]))
    px, py, pz, energy = (a + b for a, b in zip(p1, p2))
    mll = np.sqrt(energy ** 2 - px ** 2 - py ** 2 - pz ** 2)
    q1 = ak.fill_none(first.charge, 0)
    q2 = ak.fill_none(second.charge, 0)
    presel = ak.to_numpy((ak.num(good) >= 2) & ((q1 < q2) | (q1 > q2)) & ak.fill_none(mll > 20, False))
    presel = presel.astype(bool)
    mll = ak.to_numpy(mll)[presel].astype(np.float64)
    njets = ak.to_numpy(ak.num(jet_good))[presel]
    weight = (ak.to_numpy(events.w)[presel] * lumi * xsec) if is_mc else np.ones(int(presel.sum()))
    nominal = weight * 0.99 if is_mc else weight
    record("presel", nominal)

    categories = {"inclusive": np.ones(len(mll), dtype=bool)}
    for jname, jmask in [("0j", njets == 0), ("1j", njets == 1), ("2j", njets >= 2)]:
        for mname, mmask in [("Zpeak", np.abs(mll - 91.2) < 15), ("offpeak", np.abs(mll - 91.2) >= 15)]:
            categories[f"{jname}_{mname}"] = jmask & mmask
    variations = {"nominal": 0.99, "muonSF_up": 1.01, "muonSF_down": 0.97} if is_mc else {"nominal": 1.0}
    histograms = {}
    for name, mask in categories.items():
        record(name, nominal[mask])
        histograms[name] = {}
        for variation, factor in variations.items():
            h = hist.Hist(hist.axis.Regular(120, 0, 240, name="mll"), storage=hist.storage.Weight())
            w = weight[mask] * factor if is_mc else weight[mask]
            h.fill(mll=mll[mask], weight=w)
            view = h.view(flow=True)
            histograms[name][variation] = {"values": view.value.tolist(), "variances": view.variance.tolist()}
    print(json.dumps({"cutflow": cutflow, "histograms": histograms}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] == "True", float(sys.argv[3]), float(sys.argv[4]))
