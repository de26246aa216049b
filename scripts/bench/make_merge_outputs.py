#!/usr/bin/env python3
"""Writes N realistic job outputs in both formats, with the same content (driven by scripts/bench-merge.sh).

    make_merge_outputs.py --root .bench/merge --jobs 5000 --seed 1 [--workers 2] [--print-dir]

writes into OUTDIR = ROOT/n<jobs>-s<seed>-g<generator version> (--print-dir only prints OUTDIR):

OUTDIR/coffea/output_job_<i>.coffea   the Python reference's job output: what its processor returns for a
                                      job run with do_postprocessing=False (workflows/base.py, output_format),
                                      saved with coffea.util.save (lz4-framed cloudpickle)
OUTDIR/uhi/output_job_<i>.uhi.json    ours: UHI JSON in the layout of docs/output-format.md
OUTDIR/params.json                    the parameters, written last (its presence marks a complete set)

Every job covers one dataset (jobs are made per dataset, as the job splitter does); datasets follow each
other over the jobs in fixed proportions. Each output holds ~30 variables (1D regular and variable
binnings of 40-100 bins, a few 2D) x 6 categories x 5 weight variations (nominal, up/down of two weights),
the cutflow (initial, skim, presel, each category), Σw and Σw² per category, and the sums of generator
weights. Bin contents are Poisson counts of falling or peaked shapes times per-bin mean weights, so they
are non-integer doubles with empty tails, like a real job's. The data dataset has no variation axis in the
reference's histograms (its HistManager drops it for data) and only the nominal variation filled in ours.
Everything follows from (seed, job index), so the same parameters give the same files.
"""

import argparse
import json
import os
import sys
from collections import defaultdict
from multiprocessing import Pool

import numpy as np

GENERATOR_VERSION = 1
VERSION = "0.1.0"  # the pocket-coffea version written into our outputs (Sources/Configuration/Release.swift)

# (dataset, sample, isMC, xsec pb, share of the jobs, mean generator weight)
DATASETS = [
    ("TTToSemiLeptonic_2018", "TTToSemiLeptonic", True, 365.34, 0.35, 72.1),
    ("DYJetsToLL_M-50_2018", "DYJetsToLL", True, 6077.22, 0.25, 19000.0),
    ("WJetsToLNu_2018", "WJetsToLNu", True, 61526.7, 0.15, 1.0),
    ("ST_tW_top_2018", "SingleTop", True, 35.85, 0.05, 3.6),
    ("DATA_SingleMuon_2018_EraA", "DATA_SingleMuon", False, None, 0.20, 1.0),
]
YEAR = "2018"
# Our categories in configuration order; the reference's category axis is sorted.
CATEGORIES = ["baseline", "1mu_2j", "1mu_3j", "1mu_4j", "2mu_2j", "CR_0b"]
WEIGHT_VARIATIONS = ["pileup", "sf_mu_id"]
# (ours, reference) names, in our order; the reference's axis is sorted.
VARIATIONS = [("nominal", "nominal")] + [
    (f"{w}_{s}", f"{w}{s.capitalize()}") for w in WEIGHT_VARIATIONS for s in ("up", "down")
]
STEPS = ["initial", "skim", "presel"] + CATEGORIES


def variables(seed):
    """The analysis variables: name -> list of axes (regular: bins, lower, upper; variable: edges)."""
    rng = np.random.default_rng([seed, 1_000_000_007])
    objects = ["JetGood", "MuonGood", "ElectronGood", "BJetGood", "LeptonGood"]
    fields = ["pt", "eta", "phi", "btagDeepFlavB"]
    names = [f"{o}_{f}" for o in objects for f in fields][:20] + [
        "nJetGood", "nBJetGood", "HT", "MET_pt", "MET_phi", "mll", "mjj"]
    result = {}
    for index, name in enumerate(names):
        if index % 9 == 4:  # a few variable binnings
            edges = np.unique(np.round(np.cumsum(rng.uniform(5, 40, rng.integers(40, 70))), 1))
            result[name] = [{"edges": [0.0] + edges.tolist()}]
        else:
            lower = -2.5 if name.endswith("eta") else (-np.pi if name.endswith("phi") else 0.0)
            upper = 2.5 if name.endswith("eta") else (np.pi if name.endswith("phi") else float(rng.choice([1, 200, 500, 1000])))
            result[name] = [{"bins": int(rng.integers(40, 101)), "lower": lower, "upper": upper}]
    for name, (a, b) in [("JetGood_eta_phi", (25, 16)), ("MuonGood_pt_eta", (20, 12)), ("HT_nJetGood", (30, 10))]:
        result[name] = [
            {"bins": a, "lower": 0.0, "upper": 1.0, "name": name + "_x"},
            {"bins": b, "lower": 0.0, "upper": 1.0, "name": name + "_y"},
        ]
    return result


def shapes(variables, seed):
    """Per variable: bin probabilities over the flow-bins grid (a falling or peaked shape, small flow bins)."""
    rng = np.random.default_rng([seed, 2_000_000_011])
    result = {}
    for name, axes in variables.items():
        grid = None
        for axis in axes:
            n = len(axis["edges"]) - 1 if "edges" in axis else axis["bins"]
            x = np.linspace(0, 1, n)
            if rng.random() < 0.5:
                core = np.exp(-x * rng.uniform(3, 9))
            else:
                core = np.exp(-0.5 * ((x - rng.uniform(0.2, 0.6)) / rng.uniform(0.05, 0.2)) ** 2)
            p = np.concatenate([[core[0] * 0.01], core, [core[-1] * 0.5 + 1e-4]])
            grid = p if grid is None else np.multiply.outer(grid, p)
        result[name] = grid / grid.sum()
    return result


def job_dataset(index, jobs):
    """The dataset of job `index`: datasets follow each other in blocks of their share of the jobs."""
    position = (index + 0.5) / jobs
    cumulative = 0.0
    for number, dataset in enumerate(DATASETS):
        cumulative += dataset[4]
        if position < cumulative:
            return number
    return len(DATASETS) - 1


class Job:
    """The content of one job's output, as arrays; written in both formats from the same numbers."""

    def __init__(self, index, jobs, seed, variables, shapes):
        rng = np.random.default_rng([seed, index])
        self.dataset, self.sample, self.is_mc, self.xsec, _, g = DATASETS[job_dataset(index, jobs)]
        self.initial = int(rng.integers(150_000, 600_000))
        self.skim = int(rng.binomial(self.initial, 0.3))
        self.presel = int(rng.binomial(self.skim, 0.12))
        fractions = [1.0, 0.45, 0.3, 0.15, 0.08, 0.2]
        self.category_events = [int(rng.binomial(self.presel, f)) for f in fractions]
        self.chunks = -(-self.initial // 100_000)
        self.files = int(rng.integers(1, 4))
        self.wall_time = float(rng.uniform(200, 1500))
        if self.is_mc:
            self.sum_genweights = float(self.initial * g * rng.uniform(0.97, 1.03))
            self.sum_sign = float(self.initial - 2 * rng.binomial(self.initial, 0.02 if g > 1000 else 0.001))
            mean = lambda n: n * g * rng.uniform(0.9, 1.1)  # noqa: E731
            self.step_sumw = [self.sum_genweights, self.skim * g * rng.uniform(0.97, 1.03)] + [
                mean(n) for n in [self.presel] + self.category_events]
            self.step_sumw2 = [w * g * rng.uniform(1.0, 1.3) for w in self.step_sumw]
        else:
            self.step_sumw = [float(n) for n in [self.initial, self.skim, self.presel] + self.category_events]
            self.step_sumw2 = list(self.step_sumw)
        # Histograms: values and variances, shape (categories, variations, *flow bins), our orders.
        self.hists = {}
        for name, p in shapes.items():
            counts = rng.poisson(np.multiply.outer(np.array(self.category_events, dtype=float), p))
            nvar = len(VARIATIONS)
            values = np.zeros((len(CATEGORIES), nvar) + p.shape)
            variances = np.zeros_like(values)
            if self.is_mc:
                factor = g * rng.uniform(0.9, 1.1, counts.shape)
                values[:, 0] = counts * factor
                variances[:, 0] = counts * factor * g * rng.uniform(1.0, 1.3, counts.shape)
                for v in range(1, nvar):
                    shift = rng.uniform(0.01, 0.06, p.shape) * (1 if v % 2 else -1)
                    values[:, v] = values[:, 0] * (1 + shift)
                    variances[:, v] = variances[:, 0] * (1 + shift) ** 2
            else:
                values[:, 0] = counts
                variances[:, 0] = counts
            self.hists[name] = (values, variances)


# ---------------------------------------------------------------------------------------------- reference


def reference_axes(axes, hist):
    out = []
    for axis in axes:
        name = axis.get("name")
        if "edges" in axis:
            out.append(hist.axis.Variable(axis["edges"], name=name, label=name))
        else:
            out.append(hist.axis.Regular(axis["bins"], axis["lower"], axis["upper"], name=name, label=name))
    return out


def write_reference(job, variables, path):
    import hist
    from coffea.util import save

    cats = sorted(CATEGORIES)
    cat_order = [CATEGORIES.index(c) for c in cats]
    ref_vars = sorted(r for _, r in VARIATIONS)
    var_order = [[r for _, r in VARIATIONS].index(v) for v in ref_vars]
    d, s = job.dataset, job.sample
    out = {
        "sum_genweights": {},
        "sum_signOf_genweights": {},
        "sumw": {c: {} for c in CATEGORIES},
        "sumw2": {c: {} for c in CATEGORIES},
        "cutflow": {"initial": {}, "skim": {}, "presel": {}, **{c: {} for c in CATEGORIES}},
        "variables": {},
        "columns": {},
        "processing_metadata": {},
        "datasets_metadata": {},
    }
    out["cutflow"]["initial"][d] = job.initial
    out["cutflow"]["skim"][d] = job.skim
    out["cutflow"]["presel"][d] = {"nominal": job.presel}
    for number, category in enumerate(CATEGORIES):
        out["cutflow"][category][d] = {s: {"nominal": np.int64(job.category_events[number])}}
        if job.is_mc:
            out["sumw"][category][d] = {s: {"nominal": np.float64(job.step_sumw[3 + number])}}
            out["sumw2"][category][d] = {s: {"nominal": np.float64(job.step_sumw2[3 + number])}}
    if job.is_mc:
        out["sum_genweights"][d] = np.float64(job.sum_genweights)
        out["sum_signOf_genweights"][d] = np.float64(job.sum_sign)
    cat_axis = hist.axis.StrCategory(cats, name="cat", label="Category", growth=False)
    var_axis = hist.axis.StrCategory(ref_vars, name="variation", label="Variation", growth=False)
    for name, axes in variables.items():
        values, variances = job.hists[name]
        values, variances = values[cat_order], variances[cat_order]
        if job.is_mc:
            h = hist.Hist(cat_axis, var_axis, *reference_axes(axes, hist), storage=hist.storage.Weight(), name="Counts")
            values, variances = values[:, var_order], variances[:, var_order]
        else:
            h = hist.Hist(cat_axis, *reference_axes(axes, hist), storage=hist.storage.Weight(), name="Counts")
            values, variances = values[:, 0], variances[:, 0]
        # Category axes have an overflow bin (boost-histogram's default, left empty), numeric axes under/overflow.
        view = h.view(flow=True)[(slice(0, len(cats)),) + ((slice(0, len(ref_vars)),) if job.is_mc else ())]
        view.value[...] = values
        view.variance[...] = variances
        out["variables"][name] = defaultdict(dict, {s: {d: h}})
    save(out, path)


# ---------------------------------------------------------------------------------------------------- ours


def dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def string(text):
    return json.dumps(text, ensure_ascii=False)


def category_axis(categories, name, label, growth):
    text = f'{{"type": "category_str", "categories": [{", ".join(string(c) for c in categories)}], "flow": false'
    if growth:
        text += ', "writer_info": {"boost-histogram": {"growth": true}}'
    return text + f', "metadata": {{"name": {string(name)}, "label": {string(label)}}}}}'


def numeric_axis(axis, name):
    if "edges" in axis:
        head = f'{{"type": "variable", "edges": {dumps([float(e) for e in axis["edges"]])}'
    else:
        head = (f'{{"type": "regular", "lower": {dumps(float(axis["lower"]))}, "upper": {dumps(float(axis["upper"]))}, '
                f'"bins": {axis["bins"]}')
    return (head + ', "underflow": true, "overflow": true, "circular": false, '
            f'"metadata": {{"name": {string(axis.get("name", name))}, "label": {string(axis.get("name", name))}}}}}')


def entry(name, axes, storage, metadata=None):
    text = (f'{string(name)}: {{"uhi_schema": 1, "writer_info": {{"pocket-coffea": {{"version": "{VERSION}"}}}}, '
            f'"axes": [{", ".join(axes)}], "storage": {storage}')
    if metadata:
        text += ', "metadata": {' + ", ".join(f"{string(k)}: {dumps(v)}" for k, v in sorted(metadata.items())) + "}"
    return text + "}"


def write_ours(job, variables, path):
    d = job.dataset
    dataset_axis = category_axis([d], "dataset", "Dataset", True)
    mc_axis = category_axis([d] if job.is_mc else [], "dataset", "Dataset", True)
    metadata = {f"sample:{d}": job.sample, f"year:{d}": YEAR, f"isMC:{d}": job.is_mc}
    if job.xsec is not None:
        metadata[f"xsec:{d}"] = job.xsec
    lines = [
        entry("processing", [], f'{{"type": "double", "values": {dumps(job.wall_time)}}}',
              {"format": "pocket-coffea-output", "format_version": 1, "version": VERSION}),
        entry("datasets", [dataset_axis, category_axis(["events", "chunks", "files"], "counter", "Counter", False)],
              f'{{"type": "int", "values": {dumps([[job.initial, job.chunks, job.files]])}}}', metadata),
        entry("sum_genweights", [mc_axis],
              f'{{"type": "double", "values": {dumps([job.sum_genweights] if job.is_mc else [])}}}'),
        entry("sum_signOf_genweights", [mc_axis],
              f'{{"type": "double", "values": {dumps([job.sum_sign] if job.is_mc else [])}}}'),
    ]
    step_axis = category_axis(STEPS, "step", "Cutflow step", True)
    events = [job.initial, job.skim, job.presel] + job.category_events
    lines.append(entry("cutflow/events", [dataset_axis, step_axis], f'{{"type": "int", "values": {dumps([events])}}}'))
    lines.append(entry("cutflow/sumw", [dataset_axis, step_axis],
                       f'{{"type": "weighted", "values": {dumps([job.step_sumw])}, '
                       f'"variances": {dumps([job.step_sumw2])}}}'))
    leading = [dataset_axis, category_axis(CATEGORIES, "category", "Category", False),
               category_axis([o for o, _ in VARIATIONS], "variation", "Variation", False)]
    for name in sorted(variables):
        values, variances = job.hists[name]
        axes = leading + [numeric_axis(a, name) for a in variables[name]]
        lines.append(entry("hist/" + name, axes,
                           f'{{"type": "weighted", "values": {dumps([values.tolist()])}, '
                           f'"variances": {dumps([variances.tolist()])}}}'))
    with open(path + ".part", "w", encoding="utf-8") as f:
        f.write("{\n" + ",\n".join(lines) + "\n}\n")
    os.replace(path + ".part", path)


# ---------------------------------------------------------------------------------------------------- main

_STATE = {}


def _init(jobs, seed, outdir):
    v = variables(seed)
    _STATE.update(jobs=jobs, seed=seed, outdir=outdir, variables=v, shapes=shapes(v, seed))


def _make(index):
    s = _STATE
    ours = os.path.join(s["outdir"], "uhi", f"output_job_{index}.uhi.json")
    ref = os.path.join(s["outdir"], "coffea", f"output_job_{index}.coffea")
    if os.path.exists(ours) and os.path.exists(ref):
        return index
    job = Job(index, s["jobs"], s["seed"], s["variables"], s["shapes"])
    write_ours(job, s["variables"], ours)
    write_reference(job, s["variables"], ref + ".part")
    os.replace(ref + ".part", ref)
    return index


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--root", required=True, help="cache folder; the inputs go to ROOT/n<jobs>-s<seed>-g<version>")
    p.add_argument("--jobs", type=int, default=5000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--print-dir", action="store_true", help="only print where the inputs are (or would be)")
    a = p.parse_args()
    if a.jobs < 1:
        sys.exit("make_merge_outputs: --jobs must be at least 1")
    a.outdir = os.path.join(a.root, f"n{a.jobs}-s{a.seed}-g{GENERATOR_VERSION}")
    if a.print_dir:
        print(a.outdir)
        return 0
    params = os.path.join(a.outdir, "params.json")
    if os.path.exists(params):
        print(f"inputs: reusing {a.outdir}")
        return 0
    for sub in ("uhi", "coffea"):
        os.makedirs(os.path.join(a.outdir, sub), exist_ok=True)
    print(f"inputs: writing {a.jobs} job outputs in both formats to {a.outdir} (once; {a.workers} workers) ...",
          flush=True)
    with Pool(a.workers, initializer=_init, initargs=(a.jobs, a.seed, a.outdir)) as pool:
        for done, _ in enumerate(pool.imap_unordered(_make, range(a.jobs), chunksize=8), 1):
            if done % 500 == 0 or done == a.jobs:
                print(f"  {done}/{a.jobs}", flush=True)
    v = variables(a.seed)
    info = {"generator_version": GENERATOR_VERSION, "jobs": a.jobs, "seed": a.seed,
            "datasets": [d[0] for d in DATASETS], "categories": CATEGORIES,
            "variations": [list(x) for x in VARIATIONS], "variables": len(v),
            "variables_2d": sum(len(x) == 2 for x in v.values())}
    with open(params + ".part", "w") as f:
        json.dump(info, f, indent=1)
    os.replace(params + ".part", params)
    return 0


if __name__ == "__main__":
    sys.exit(main())
