"""The processor benchmark's analyses written with awkward arrays, shared by the uproot+awkward+hist
driver (awkward 2) and the coffea 0.7 processor (awkward 1): only calls both versions have.

Each query takes get(branch) -> array (e.g. get("Muon_pt")) and returns {variable: (values, weights)}:
flat float64 numpy arrays to fill, weights None for weight 1. Kinematics are computed in float64 from
the float32 branches, with the formulas of our processor (px = pt cos φ, ..., E = sqrt(p² + m²); the
mass of a sum is sqrt(E² - p²), negative when E² < p²), so that every implementation bins the same
values and the histograms can be compared bin by bin."""
import awkward as ak
import numpy as np


def f64(array):
    return ak.values_astype(array, np.float64)


def fourvector(get, prefix, mask=None):
    """px, py, pz, E of a collection (float64), optionally the objects passing mask."""
    pt, eta, phi, mass = (f64(get(f"{prefix}_{f}")) for f in ("pt", "eta", "phi", "mass"))
    if mask is not None:
        pt, eta, phi, mass = pt[mask], eta[mask], phi[mask], mass[mask]
    return components(pt, eta, phi, mass)


def components(pt, eta, phi, mass):
    px, py, pz = pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta)
    energy = np.sqrt(px * px + py * py + pz * pz + mass * mass)
    return px, py, pz, energy


def invariant_mass(px, py, pz, energy):
    squared = energy * energy - px * px - py * py - pz * pz
    return np.sign(squared) * np.sqrt(np.abs(squared))


def delta_phi(phi1, phi2):
    dphi = np.fmod(phi1 - phi2, 2 * np.pi)
    dphi = ak.where(dphi >= np.pi, dphi - 2 * np.pi, dphi)
    return ak.where(dphi < -np.pi, dphi + 2 * np.pi, dphi)


def flat(array):
    return ak.to_numpy(ak.flatten(array, axis=None)).astype(np.float64)


def dimuon(get):
    tight = get("Muon_tightId")
    px, py, pz, energy = fourvector(get, "Muon", tight)
    charge = get("Muon_charge")[tight]
    two = ak.num(px) >= 2
    px, py, pz, energy, charge = px[two], py[two], pz[two], energy[two], charge[two]
    mll = invariant_mass(*(a[:, 0] + a[:, 1] for a in (px, py, pz, energy)))
    keep = (charge[:, 0] != charge[:, 1]) & (mll > 60) & (mll < 120)
    return {"mll": (flat(mll[keep]), flat(f64(get("genWeight")[two][keep])))}


def q1(get):
    return {"met": (flat(get("MET_pt")), None)}


def q2(get):
    return {"jet_pt": (flat(get("Jet_pt")), None)}


def q3(get):
    pt = get("Jet_pt")
    return {"jet_pt": (flat(pt[abs(get("Jet_eta")) < 1]), None)}


def q4(get):
    two = ak.sum(get("Jet_pt") > 40, axis=1) >= 2
    return {"met": (flat(get("MET_pt")[two]), None)}


def q5(get):
    px, py, pz, energy = fourvector(get, "Muon")
    muons = ak.zip({"px": px, "py": py, "pz": pz, "e": energy, "q": get("Muon_charge")})
    a, b = ak.unzip(ak.combinations(muons, 2, fields=["a", "b"]))
    mass = invariant_mass(a.px + b.px, a.py + b.py, a.pz + b.pz, a.e + b.e)
    good = (a.q + b.q == 0) & (mass > 60) & (mass < 120)
    return {"met": (flat(get("MET_pt")[ak.any(good, axis=1)]), None)}


def q6(get):
    three = ak.num(get("Jet_pt")) >= 3
    px, py, pz, energy = (a[three] for a in fourvector(get, "Jet"))
    jets = ak.zip({"px": px, "py": py, "pz": pz, "e": energy, "b": f64(get("Jet_btagDeepFlavB")[three])})
    a, b, c = ak.unzip(ak.combinations(jets, 3, fields=["a", "b", "c"]))
    sx, sy, sz, se = a.px + b.px + c.px, a.py + b.py + c.py, a.pz + b.pz + c.pz, a.e + b.e + c.e
    best = ak.argmin(abs(invariant_mass(sx, sy, sz, se) - 172.5), axis=1, keepdims=True)
    pt = np.sqrt(sx * sx + sy * sy)[best]
    btag = np.maximum(np.maximum(a.b, b.b), c.b)[best]
    return {"trijet_pt": (flat(pt), None), "trijet_btag": (flat(btag), None)}


def nearest(eta, phi, other_eta, other_phi):
    """ΔR from each object to the nearest object of another collection, +inf when there is none."""
    pairs = ak.cartesian({"j": ak.zip({"eta": eta, "phi": phi}), "o": ak.zip({"eta": other_eta, "phi": other_phi})},
                         nested=True)
    deta = pairs.j.eta - pairs.o.eta
    dphi = delta_phi(pairs.j.phi, pairs.o.phi)
    return ak.fill_none(ak.min(np.sqrt(deta * deta + dphi * dphi), axis=2), np.inf)


def q7(get):
    def light(prefix):
        pt = get(f"{prefix}_pt")
        keep = pt > 10
        return f64(get(f"{prefix}_eta")[keep]), f64(get(f"{prefix}_phi")[keep])

    pt = get("Jet_pt")
    eta, phi = f64(get("Jet_eta")), f64(get("Jet_phi"))
    clean = pt > 30
    for other_eta, other_phi in (light("Muon"), light("Electron")):
        clean = clean & (nearest(eta, phi, other_eta, other_phi) > 0.4)
    return {"ht": (ak.to_numpy(ak.sum(f64(pt)[clean], axis=1)), None)}


def q8(get):
    def leptons(prefix, source):
        fields = {f: f64(get(f"{prefix}_{f}")) for f in ("pt", "eta", "phi", "mass")}
        fields["charge"] = get(f"{prefix}_charge")
        fields["source"] = ak.zeros_like(get(f"{prefix}_charge")) + source
        record = ak.zip(fields)
        return record[record.pt > 10]

    lepton = ak.concatenate([leptons("Electron", 0), leptons("Muon", 1)], axis=1)
    three = ak.num(lepton) >= 3
    lepton = lepton[three]
    met_pt, met_phi = f64(get("MET_pt"))[three], f64(get("MET_phi"))[three]
    px, py, pz, energy = components(lepton.pt, lepton.eta, lepton.phi, lepton.mass)
    lepton = ak.zip({"px": px, "py": py, "pz": pz, "e": energy, "pt": lepton.pt, "phi": lepton.phi,
                     "charge": lepton.charge, "source": lepton.source, "index": ak.local_index(lepton.pt)})
    a, b = ak.unzip(ak.combinations(lepton, 2, fields=["a", "b"]))
    sfos = (a.charge + b.charge == 0) & (a.source == b.source)
    a, b = a[sfos], b[sfos]
    has = ak.num(a) >= 1
    a, b, lepton, met_pt, met_phi = a[has], b[has], lepton[has], met_pt[has], met_phi[has]
    best = ak.argmin(abs(invariant_mass(a.px + b.px, a.py + b.py, a.pz + b.pz, a.e + b.e) - 91.2), axis=1,
                     keepdims=True)
    pair0, pair1 = ak.firsts(a.index[best]), ak.firsts(b.index[best])
    rest = lepton[(lepton.index != pair0) & (lepton.index != pair1)]
    lead = ak.argmax(rest.pt, axis=1, keepdims=True)
    pt, phi = ak.firsts(rest.pt[lead]), ak.firsts(rest.phi[lead])
    mt = np.sqrt(2 * met_pt * pt * (1 - np.cos(phi - met_phi)))
    return {"mt": (flat(mt), None)}


QUERIES = {"dimuon": dimuon, "q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5, "q6": q6, "q7": q7, "q8": q8}
