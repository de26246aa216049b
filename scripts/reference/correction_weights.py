#!/usr/bin/env python3
"""The correctionlib-weight analysis of Tests/AnalysisTests/CorrectionWeightTests.swift, written
independently with uproot + awkward + hist + correctionlib.

Usage: correction_weights.py write FOLDER EVENTS   writes FOLDER/events.root and FOLDER/corrections/weights.json.gz
       correction_weights.py reference FOLDER XSEC LUMI > result.json
The reference prints {variable: {variation: {"values": [...], "variances": [...]}}} (flow bins included)."""
import gzip
import json
import os
import sys

import awkward as ak
import correctionlib
import hist
import numpy as np
import uproot

PT_EDGES = [10.0, 20.0, 35.0, 50.0, 80.0, "inf"]
ETA_EDGES = [-2.4, -1.2, 0.0, 1.2, 2.4]


def corrections():
    rng = np.random.default_rng(11)
    edges = [float(x) for x in range(0, 81, 2)]
    ratios = {s: [round(float(v), 6) for v in rng.uniform(0.3, 2.0, len(edges) - 1)] for s in ["nominal", "up", "down"]}
    pileup = {
        "name": "pileup", "version": 0,
        "inputs": [{"name": "NumTrueInteractions", "type": "real"}, {"name": "weights", "type": "string"}],
        "output": {"name": "weight", "type": "real"},
        "data": {"nodetype": "category", "input": "weights", "content": [
            {"key": s, "value": {"nodetype": "binning", "input": "NumTrueInteractions", "edges": edges,
                                 "content": ratios[s], "flow": "clamp"}} for s in ratios]},
    }
    bins = (len(ETA_EDGES) - 1) * (len(PT_EDGES) - 1)
    sf = [round(float(v), 6) for v in rng.uniform(0.9, 1.0, bins)]
    unc = [round(float(v), 6) for v in rng.uniform(0.005, 0.03, bins)]
    def table(values):
        return {"nodetype": "multibinning", "inputs": ["eta", "pt"], "edges": [ETA_EDGES, PT_EDGES],
                "content": values, "flow": "clamp"}
    muon = {
        "name": "muon_sf", "version": 1,
        "inputs": [{"name": "eta", "type": "real"}, {"name": "pt", "type": "real"}, {"name": "syst", "type": "string"}],
        "output": {"name": "sf", "type": "real"},
        "data": {"nodetype": "category", "input": "syst", "content": [
            {"key": "nominal", "value": table(sf)},
            {"key": "systup", "value": table([a + b for a, b in zip(sf, unc)])},
            {"key": "systdown", "value": table([a - b for a, b in zip(sf, unc)])}]},
    }
    return {"schema_version": 2, "corrections": [pileup, muon]}


def write(folder, events):
    rng = np.random.default_rng(5)
    n_muon = rng.poisson(1.5, events).astype("int32")
    total = int(n_muon.sum())
    muon_pt = (rng.exponential(25, total) + 3).astype("float32")
    muon_eta = rng.uniform(-2.6, 2.6, total).astype("float32")
    data = {
        "genWeight": rng.normal(1.0, 0.2, events).astype("float32"),
        "Pileup_nTrueInt": rng.uniform(-1, 85, events).astype("float32"),
        "Muon": ak.zip({"pt": ak.unflatten(muon_pt, n_muon), "eta": ak.unflatten(muon_eta, n_muon)}),
    }
    types = {k: (v.type.content if isinstance(v, ak.Array) else v.dtype) for k, v in data.items()}
    with uproot.recreate(f"{folder}/events.root") as out:
        out.mktree("Events", types).extend(data)
    os.makedirs(f"{folder}/corrections", exist_ok=True)
    with gzip.open(f"{folder}/corrections/weights.json.gz", "wt") as handle:
        json.dump(corrections(), handle)


def reference(folder, xsec, lumi):
    cset = correctionlib.CorrectionSet.from_file(f"{folder}/corrections/weights.json.gz")
    events = uproot.open(f"{folder}/events.root")["Events"].arrays()
    good = events.Muon_pt > 10
    pt, eta = events.Muon_pt[good], events.Muon_eta[good]
    selected = ak.to_numpy(ak.num(pt) >= 1)
    pt, eta = pt[selected], eta[selected]
    ntrue = ak.to_numpy(events.Pileup_nTrueInt[selected]).astype(np.float64)
    base = ak.to_numpy(events.genWeight[selected]).astype(np.float64) * lumi * xsec
    counts = ak.num(pt)
    flat_pt = ak.to_numpy(ak.flatten(pt)).astype(np.float64)
    flat_eta = ak.to_numpy(ak.flatten(eta)).astype(np.float64)

    def pileup(shift):
        return cset["pileup"].evaluate(ntrue, shift)

    def muon(shift):
        per_object = cset["muon_sf"].evaluate(flat_eta, flat_pt, shift)
        return ak.to_numpy(ak.prod(ak.unflatten(per_object, counts), axis=1))

    variations = {
        "nominal": pileup("nominal") * muon("nominal"),
        "pileup_up": pileup("up") * muon("nominal"),
        "pileup_down": pileup("down") * muon("nominal"),
        "muonSF_up": pileup("nominal") * muon("systup"),
        "muonSF_down": pileup("nominal") * muon("systdown"),
    }
    lead_pt = ak.to_numpy(pt[:, 0]).astype(np.float64)
    result = {}
    for variable, values, axis in [
        ("nTrueInt", ntrue, hist.axis.Regular(50, 0, 100, name="x")),
        ("lead_pt", lead_pt, hist.axis.Regular(40, 0, 200, name="x")),
    ]:
        result[variable] = {}
        for name, factor in variations.items():
            h = hist.Hist(axis, storage=hist.storage.Weight())
            h.fill(x=values, weight=base * factor)
            view = h.view(flow=True)
            result[variable][name] = {"values": view.value.tolist(), "variances": view.variance.tolist()}
    print(json.dumps(result))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], int(sys.argv[3]))
    else:
        reference(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]))
