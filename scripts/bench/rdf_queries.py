#!/usr/bin/env python3
"""The processor benchmark's analyses with ROOT's RDataFrame (PyPI ROOT): one RDataFrame("Events", FILE),
Define/Filter C++ strings (helpers from rdf_kinematics.h), Histo1D booked lazily, one event loop.
THREADS 1 runs without implicit multi-threading; more calls EnableImplicitMT(THREADS) first.
Prints {"events", "seconds" (from building the graph, C++ helpers JIT-compiled included, to the
histograms in memory), "import_seconds" (import ROOT and its
interpreter's start), "histograms"} as JSON.

Usage: rdf_queries.py ANALYSIS FILE THREADS"""
import time

START = time.perf_counter()
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # the PyPI distribution warns that it is in alpha stage
    import ROOT  # noqa: E402
    ROOT.gROOT.GetVersion()  # ROOT starts its interpreter lazily: here, so that import_seconds holds it

from processor_analyses import ANALYSES  # noqa: E402

MUON = "Muon_pt, Muon_eta, Muon_phi, Muon_mass"


def dimuon(df):
    tight = df.Define("tpt", "Muon_pt[Muon_tightId]").Define("teta", "Muon_eta[Muon_tightId]") \
        .Define("tphi", "Muon_phi[Muon_tightId]").Define("tmass", "Muon_mass[Muon_tightId]") \
        .Define("tcharge", "Muon_charge[Muon_tightId]")
    selected = tight.Filter("tpt.size() >= 2").Filter("tcharge[0] != tcharge[1]") \
        .Define("mll", "pcbench::pair_mass(tpt, teta, tphi, tmass)").Filter("mll > 60 && mll < 120")
    return {"mll": (selected, "mll", "genWeight")}


def q1(df):
    return {"met": (df, "MET_pt", None)}


def q2(df):
    return {"jet_pt": (df, "Jet_pt", None)}


def q3(df):
    return {"jet_pt": (df.Define("central_pt", "Jet_pt[abs(Jet_eta) < 1]"), "central_pt", None)}


def q4(df):
    return {"met": (df.Filter("Sum(Jet_pt > 40) >= 2"), "MET_pt", None)}


def q5(df):
    return {"met": (df.Filter(f"pcbench::has_z_pair({MUON}, Muon_charge)"), "MET_pt", None)}


def q6(df):
    best = df.Filter("Jet_pt.size() >= 3") \
        .Define("trijet", "pcbench::best_trijet(Jet_pt, Jet_eta, Jet_phi, Jet_mass, Jet_btagDeepFlavB)") \
        .Define("trijet_pt", "trijet[0]").Define("trijet_btag", "trijet[1]")
    return {"trijet_pt": (best, "trijet_pt", None), "trijet_btag": (best, "trijet_btag", None)}


def q7(df):
    ht = df.Define("ht", "pcbench::clean_jet_ht(Jet_pt, Jet_eta, Jet_phi, Muon_pt, Muon_eta, Muon_phi, "
                         "Electron_pt, Electron_eta, Electron_phi)")
    return {"ht": (ht, "ht", None)}


def q8(df):
    mt = df.Define("mt", "pcbench::trilepton_mt(Electron_pt, Electron_eta, Electron_phi, Electron_mass, "
                         f"Electron_charge, {MUON}, Muon_charge, MET_pt, MET_phi)").Filter("!std::isnan(mt)")
    return {"mt": (mt, "mt", None)}


QUERIES = {"dimuon": dimuon, "q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5, "q6": q6, "q7": q7, "q8": q8}


def main(analysis, path, threads):
    imported = time.perf_counter()
    if threads > 1:
        ROOT.EnableImplicitMT(threads)
    header = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rdf_kinematics.h")
    with open(header) as f:
        if not ROOT.gInterpreter.Declare(f.read()):
            sys.exit(f"rdf_queries.py: {header} does not compile")
    df = ROOT.RDataFrame("Events", path)
    count = df.Count()
    booked = {}
    for name, (node, column, weight) in QUERIES[analysis](df).items():
        bins, start, stop = ANALYSES[analysis]["axes"][name]
        model = ROOT.RDF.TH1DModel(name, name, bins, start, stop)
        booked[name] = node.Histo1D(model, column, weight) if weight else node.Histo1D(model, column)
    events = count.GetValue()  # runs the one event loop that fills every booked histogram
    histograms = {}
    for name, result in booked.items():
        h = result.GetValue()
        if h.GetSumw2N() == 0:
            h.Sumw2()  # unweighted fills: variances = counts
        cells = range(h.GetNbinsX() + 2)
        histograms[name] = {"values": [h.GetBinContent(i) for i in cells],
                            "variances": [h.GetBinError(i) ** 2 for i in cells]}
    done = time.perf_counter()
    print(json.dumps({"events": int(events), "seconds": done - imported, "import_seconds": imported - START,
                      "histograms": histograms}))


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ANALYSES:
        sys.exit(f"usage: rdf_queries.py ANALYSIS FILE THREADS (ANALYSIS: {', '.join(ANALYSES)})")
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
