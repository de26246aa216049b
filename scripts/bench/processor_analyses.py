"""The analyses of the processor benchmark (scripts/bench-processor.sh): our configuration of each, whether
it runs as MC (genWeight-weighted) or data (weight 1), the branches it reads and its histogram axes.
Plain Python (no imports) so that every implementation's venv can read it: uproot, coffea 0.7, RDataFrame.
The axes repeat what the configurations say; the driver checks them against the axes of our output."""

MUON = ["nMuon", "Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass", "Muon_charge"]
ELECTRON = ["nElectron", "Electron_pt", "Electron_eta", "Electron_phi", "Electron_mass", "Electron_charge"]

ANALYSES = {
    "dimuon": {
        "config": "share/examples/bench/dimuon.yaml", "mc": True,
        "branches": MUON + ["Muon_tightId", "genWeight"],
        "axes": {"mll": (60, 60.0, 120.0)},
    },
    "q1": {
        "config": "share/examples/adl/q1_met.yaml", "mc": False,
        "branches": ["MET_pt"],
        "axes": {"met": (100, 0.0, 200.0)},
    },
    "q2": {
        "config": "share/examples/adl/q2_jet_pt.yaml", "mc": False,
        "branches": ["nJet", "Jet_pt"],
        "axes": {"jet_pt": (100, 15.0, 60.0)},
    },
    "q3": {
        "config": "share/examples/adl/q3_central_jet_pt.yaml", "mc": False,
        "branches": ["nJet", "Jet_pt", "Jet_eta"],
        "axes": {"jet_pt": (100, 15.0, 60.0)},
    },
    "q4": {
        "config": "share/examples/adl/q4_met_two_jets.yaml", "mc": False,
        "branches": ["nJet", "Jet_pt", "MET_pt"],
        "axes": {"met": (100, 0.0, 200.0)},
    },
    "q5": {
        "config": "share/examples/adl/q5_dimuon_met.yaml", "mc": False,
        "branches": MUON + ["MET_pt"],
        "axes": {"met": (100, 0.0, 200.0)},
    },
    "q6": {
        "config": "share/examples/adl/q6_trijet.yaml", "mc": False,
        "branches": ["nJet", "Jet_pt", "Jet_eta", "Jet_phi", "Jet_mass", "Jet_btagDeepFlavB"],
        "axes": {"trijet_pt": (100, 15.0, 40.0), "trijet_btag": (100, 0.0, 1.0)},
    },
    "q7": {
        "config": "share/examples/adl/q7_clean_jet_ht.yaml", "mc": False,
        "branches": ["nJet", "Jet_pt", "Jet_eta", "Jet_phi", "nMuon", "Muon_pt", "Muon_eta", "Muon_phi",
                     "nElectron", "Electron_pt", "Electron_eta", "Electron_phi"],
        "axes": {"ht": (100, 15.0, 200.0)},
    },
    "q8": {
        "config": "share/examples/adl/q8_trilepton_mt.yaml", "mc": False,
        "branches": ELECTRON + MUON + ["MET_pt", "MET_phi"],
        "axes": {"mt": (100, 0.0, 200.0)},
    },
}
