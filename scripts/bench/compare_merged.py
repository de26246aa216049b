#!/usr/bin/env python3
"""Checks that both merges hold the same totals (driven by scripts/bench-merge.sh; runs in the reference venv).

    compare_merged.py PARAMS_JSON OURS.uhi.json|OURS.zip REFERENCE.coffea [OTHER_OURS ...]

Compares every histogram bin (values and variances, flow bins included) of every dataset, category and
variation, the cutflow (events at every step), Σw and Σw² per category (MC), sum_genweights and
sum_signOf_genweights. Both sides add the same doubles in different orders, so sums agree to rounding:
relative tolerance 1e-9 of the largest value of the histogram. Further files of ours (the -jc merge)
must equal the first one's bytes. Our zip form is read with zipfile and numpy (the reference venv's uhi
may predate uhi.io.zip). Exit status 1 on any difference, naming it.
"""

import filecmp
import json
import sys
import zipfile

import numpy as np
from coffea.util import load

RTOL = 1e-9


def close(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        return False
    scale = max(np.max(np.abs(a), initial=0.0), np.max(np.abs(b), initial=0.0), 1e-300)
    return bool(np.all(np.abs(a - b) <= RTOL * scale))


def load_ours(path):
    """Our output as {name: histogram dict}, arrays as lists or NumPy arrays."""
    if not path.endswith(".zip"):
        with open(path) as f:
            return json.load(f)
    entries = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.endswith(".json"):
                entry = json.loads(archive.read(member))
                storage = entry["storage"]
                for key in ("values", "variances"):
                    if isinstance(storage.get(key), str):
                        with archive.open(storage[key]) as f:
                            storage[key] = np.load(f)
                entries[member[:-5]] = entry
    return entries


def category_index(axis):
    return {name: i for i, name in enumerate(axis["categories"])}


def main():
    params_path, ours_path, ref_path, *others = sys.argv[1:]
    with open(params_path) as f:
        params = json.load(f)
    ours = load_ours(ours_path)
    ref = load(ref_path)
    problems = []
    checked = {"histograms": 0, "bins": 0, "cutflow": 0}

    info = ours["datasets"]["metadata"]
    datasets = category_index(ours["datasets"]["axes"][0])
    sample = {d: info[f"sample:{d}"] for d in datasets}
    is_mc = {d: info[f"isMC:{d}"] for d in datasets}
    if sorted(datasets) != sorted(params["datasets"]):
        problems.append(f"ours holds datasets {sorted(datasets)}, expected {sorted(params['datasets'])}")

    # Histograms: ours[dataset, category, variation, ...] against the reference's
    # variables[var][sample][dataset][cat, variation, ...] (no variation axis for data).
    for key, entry in ours.items():
        if not key.startswith("hist/"):
            continue
        var = key[5:]
        axes = entry["axes"]
        d_index, c_index, v_index = (category_index(axes[i]) for i in range(3))
        values = np.asarray(entry["storage"]["values"], dtype=float)
        variances = np.asarray(entry["storage"]["variances"], dtype=float)
        for d in datasets:
            h = ref["variables"].get(var, {}).get(sample[d], {}).get(d)
            if h is None:
                problems.append(f"{key}: the reference has no histogram for {d}")
                continue
            view = h.view(flow=True)
            cats = list(h.axes["cat"])
            ref_vars = list(h.axes["variation"]) if is_mc[d] else ["nominal"]
            for ours_var, ref_var in params["variations"]:
                if ref_var not in ref_vars:
                    # data: only nominal is filled, ours keeps the others empty
                    if values[d_index[d], :, v_index[ours_var]].any():
                        problems.append(f"{key}: {d} {ours_var} is filled in ours, absent in the reference")
                    continue
                for c in params["categories"]:
                    index = (cats.index(c), ref_vars.index(ref_var)) if is_mc[d] else (cats.index(c),)
                    theirs = view[index]
                    mine = (values[d_index[d], c_index[c], v_index[ours_var]],
                            variances[d_index[d], c_index[c], v_index[ours_var]])
                    checked["bins"] += mine[0].size
                    if not (close(mine[0], theirs["value"]) and close(mine[1], theirs["variance"])):
                        problems.append(f"{key}: {d} {c} {ours_var}: sums differ (ours {mine[0].sum():.17g}, "
                                        f"reference {theirs['value'].sum():.17g})")
        checked["histograms"] += 1

    # Cutflow: events at each step, Σw and Σw² per category (MC), sums of generator weights.
    steps = category_index(ours["cutflow/events"]["axes"][1])
    cf_d = category_index(ours["cutflow/events"]["axes"][0])
    events = ours["cutflow/events"]["storage"]["values"]
    sumw = ours["cutflow/sumw"]["storage"]
    for d in datasets:
        s = sample[d]
        expected = {"initial": ref["cutflow"]["initial"].get(d), "skim": ref["cutflow"]["skim"].get(d),
                    "presel": ref["cutflow"]["presel"].get(d, {}).get("nominal")}
        for c in params["categories"]:
            expected[c] = ref["cutflow"][c].get(d, {}).get(s, {}).get("nominal")
        for step, value in expected.items():
            checked["cutflow"] += 1
            if value is None or int(events[cf_d[d]][steps[step]]) != int(value):
                problems.append(f"cutflow {d} {step}: ours {events[cf_d[d]][steps[step]]}, reference {value}")
        if is_mc[d]:
            for c in params["categories"]:
                pairs = [(sumw["values"][cf_d[d]][steps[c]], ref["sumw"][c][d][s]["nominal"]),
                         (sumw["variances"][cf_d[d]][steps[c]], ref["sumw2"][c][d][s]["nominal"])]
                if not all(close(x, y) for x, y in pairs):
                    problems.append(f"sumw {d} {c}: ours {pairs}, reference differs")
            for name in ("sum_genweights", "sum_signOf_genweights"):
                entry = ours[name]
                mine = entry["storage"]["values"][category_index(entry["axes"][0])[d]]
                if not close(mine, ref[name][d]):
                    problems.append(f"{name} {d}: ours {mine!r}, reference {ref[name][d]!r}")

    for other in others:
        if not filecmp.cmp(ours_path, other, shallow=False):
            problems.append(f"{other} differs from {ours_path}")

    if problems:
        print(f"Equality check FAILED ({len(problems)} differences):", file=sys.stderr)
        for line in problems[:20]:
            print("  " + line, file=sys.stderr)
        return 1
    first = params["datasets"][0]
    print(f"Equality check: both merges agree (relative {RTOL:g}) on {checked['histograms']} histograms x "
          f"{len(datasets)} datasets ({checked['bins']:,} bins with variances), {checked['cutflow']} cutflow entries, "
          f"Σw, Σw², sum_genweights; e.g. {first}: initial events {int(events[cf_d[first]][steps['initial']]):,}, "
          f"sum_genweights {ref['sum_genweights'][first]:.10g}" + ("; ours -jc is byte-identical" if others else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
