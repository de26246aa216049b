#!/usr/bin/env python3
"""The reference for the histogram tests (Tests/ColumnarTests, Tests/AnalysisTests): hist from PyPI.

  hist-reference.py fill SPEC.json OUT.json
      SPEC = {name: {"storage": "weighted"|"double"|"int", "axes": [axis...],
                     "fills": [{"categories": {axis: "name"}, "numbers": {axis: [...]}, "weights": [...]|null}]}}
      axis = {"type": "regular", "name", "label", "bins", "lower", "upper", "underflow", "overflow", "circular"}
           | {"type": "variable", "name", "label", "edges", "underflow", "overflow", "circular"}
           | {"type": "category_str"|"category_int", "name", "label", "categories", "flow", "growth"}
           | {"type": "boolean", "name", "label"}
      Builds each histogram with hist, fills it, and writes all of them as UHI JSON (uhi.io.json).

  hist-reference.py compare A.json|A.zip B.json|B.zip
      Reads both UHI files (JSON, or zip through uhi.io.zip) with hist and checks they hold the same histograms: same names, axes
      (edges, categories, traits, name, label), storage type, values and variances (flow bins
      included, NaN equal to NaN). Prints "OK <count>" or one line per difference (exit 1).

  hist-reference.py roundtrip IN.json|IN.zip OUT.json|OUT.zip
      Reads every histogram of IN with hist and writes them back with uhi.io.json, or with
      uhi.io.zip into an archive of deflated members.
"""

import json
import sys
import zipfile

import hist
import numpy as np
import uhi.io.json
import uhi.io.zip

STORAGES = {"weighted": hist.storage.Weight, "double": hist.storage.Double, "int": hist.storage.Int64}


def make_axis(spec):
    common = {"name": spec["name"], "label": spec.get("label", "")}
    kind = spec["type"]
    if kind == "regular":
        return hist.axis.Regular(spec["bins"], spec["lower"], spec["upper"], underflow=spec["underflow"],
                                 overflow=spec["overflow"], circular=spec["circular"], **common)
    if kind == "variable":
        return hist.axis.Variable(spec["edges"], underflow=spec["underflow"], overflow=spec["overflow"],
                                  circular=spec["circular"], **common)
    if kind == "category_str":
        return hist.axis.StrCategory(spec["categories"], growth=spec["growth"], overflow=spec["flow"], **common)
    if kind == "category_int":
        return hist.axis.IntCategory(spec["categories"], growth=spec["growth"], overflow=spec["flow"], **common)
    if kind == "boolean":
        return hist.axis.Boolean(**common)
    raise ValueError(f"unknown axis type {kind}")


def fill(spec_path, out_path):
    with open(spec_path) as f:
        spec = json.load(f)
    histograms = {}
    for name, definition in spec.items():
        h = hist.Hist(*[make_axis(a) for a in definition["axes"]], storage=STORAGES[definition["storage"]]())
        types = {a["name"]: a["type"] for a in definition["axes"]}
        for entry in definition["fills"]:
            data = dict(entry["categories"])
            for axis, values in entry["numbers"].items():
                integers = types[axis] in ("category_int", "boolean")
                data[axis] = np.asarray(values, dtype=np.int64 if integers else np.float64)
            weights = entry.get("weights")
            if not entry["numbers"] and weights is not None:
                data = {axis: [value] * len(weights) for axis, value in data.items()}
            h.fill(**data, weight=None if weights is None else np.asarray(weights, dtype=np.float64))
        histograms[name] = h
    with open(out_path, "w") as f:
        json.dump(histograms, f, default=uhi.io.json.default)


def load(path):
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            names = [member[:-5] for member in archive.namelist() if member.endswith(".json")]
            ir = {name: uhi.io.zip.read(archive, name) for name in names}
    else:
        with open(path) as f:
            ir = json.load(f, object_hook=uhi.io.json.object_hook)
    if "uhi_schema" in ir:
        ir = {"": ir}
    return {name: hist.Hist(data) for name, data in ir.items()}


def describe_axis(axis):
    traits = (axis.traits.underflow, axis.traits.overflow, axis.traits.circular, axis.traits.growth)
    if isinstance(axis, (hist.axis.StrCategory, hist.axis.IntCategory)):
        content = list(axis)
    else:
        content = list(axis.edges)
    return (type(axis).__name__, axis.name, axis.label, traits, content)


def same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=True)


def compare(path_a, path_b):
    a, b = load(path_a), load(path_b)
    problems = []
    if sorted(a) != sorted(b):
        problems.append(f"names differ: {sorted(a)} vs {sorted(b)}")
    for name in sorted(set(a) & set(b)):
        ha, hb = a[name], b[name]
        axes_a = [describe_axis(x) for x in ha.axes]
        axes_b = [describe_axis(x) for x in hb.axes]
        if axes_a != axes_b:
            problems.append(f"{name}: axes differ: {axes_a} vs {axes_b}")
            continue
        if type(ha.storage_type()) is not type(hb.storage_type()) and ha.storage_type != hb.storage_type:
            problems.append(f"{name}: storage differs: {ha.storage_type} vs {hb.storage_type}")
            continue
        if not same(ha.values(flow=True), hb.values(flow=True)):
            problems.append(f"{name}: values differ")
        va, vb = ha.variances(flow=True), hb.variances(flow=True)
        if (va is None) != (vb is None) or (va is not None and not same(va, vb)):
            problems.append(f"{name}: variances differ")
    for line in problems:
        print(line)
    if problems:
        sys.exit(1)
    print(f"OK {len(a)}")


def roundtrip(in_path, out_path):
    """Reads a file with hist and writes it back: JSON, or zip with deflated members (uhi.io.zip)."""
    histograms = load(in_path)
    if out_path.endswith(".zip"):
        with zipfile.ZipFile(out_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, h in histograms.items():
                uhi.io.zip.write(archive, name, h)
    else:
        with open(out_path, "w") as f:
            json.dump(histograms, f, default=uhi.io.json.default)


if __name__ == "__main__":
    command, *paths = sys.argv[1:]
    {"fill": fill, "compare": compare, "roundtrip": roundtrip}[command](*paths)
