#!/usr/bin/env python3
"""The reference side of scripts/bench-histograms.sh: the same measurements with hist (PyPI) and
uhi's JSON serialization, medians of 5 runs.

  - fill 10 M uniform values in [-10, 110) into Regular(100, 0, 100) with Weight storage, with weights
  - 5,000 histograms of StrCategory(dataset) x StrCategory(5 categories) x StrCategory(3 variations)
    x Regular(50, 0, 100), Weight storage, filled with 200 random entries per cell: json.dump with
    uhi.io.json.default, then json.load with object_hook and hist.Hist() of every entry
"""

import io
import json
import time

import hist
import numpy as np
import uhi.io.json


def median(body, runs=5):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    return sorted(times)[runs // 2]


rng = np.random.default_rng(1)
count = 10_000_000
x = rng.uniform(-10, 110, count)
w = rng.uniform(0.5, 1.5, count)
h = hist.Hist(hist.axis.Regular(100, 0, 100, name="x"), storage=hist.storage.Weight())
seconds = median(lambda: h.fill(x=x, weight=w))
print(f"hist fill, regular, weighted, weights      {seconds / count * 1e9:6.2f} ns/value")

categories = ["inclusive", "0jet", "1jet", "2jet", "3jet"]
variations = ["nominal", "sf_up", "sf_down"]
entries = rng.uniform(0, 100, 200)
weights = rng.uniform(0.5, 1.5, 200)
histograms = {}
for index in range(5_000):
    h = hist.Hist(
        hist.axis.StrCategory([], name="dataset", growth=True),
        hist.axis.StrCategory(categories, name="category", overflow=False),
        hist.axis.StrCategory(variations, name="variation", overflow=False),
        hist.axis.Regular(50, 0, 100, name=f"var{index}"),
        storage=hist.storage.Weight(),
    )
    for category in categories:
        for variation in variations:
            h.fill(dataset="DYJetsToLL_M-50_2018", category=category, variation=variation, **{f"var{index}": entries},
                   weight=weights)
    histograms[f"hist/var{index}"] = h

text = ""


def encode():
    global text
    text = json.dumps(histograms, default=uhi.io.json.default)


def decode():
    ir = json.loads(text, object_hook=uhi.io.json.object_hook)
    return {name: hist.Hist(data) for name, data in ir.items()}


encode_seconds = median(encode)
decode_seconds = median(decode)
print(f"hist + uhi.io.json, 5000 histograms, {len(text) / 1e6:.0f} MB")
print(f"  encode  {encode_seconds:6.3f} s")
print(f"  decode  {decode_seconds:6.3f} s")
