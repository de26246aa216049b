#!/usr/bin/env python3
"""The independent reference for the processor's dimuon analysis and the eight ADL queries (the tests in
Tests/AnalysisTests/ADLReferenceTests.swift): the same analysis written with uproot + awkward + hist
(scripts/bench/awkward_queries.py, which the benchmark also runs), on the same file, compared with
pocket-coffea's output: every histogram, every bin with underflow and overflow, values and variances,
within 1e-9 relative. Prints one line per difference and exits 1 when there is any.

Usage: adl_reference.py compare ANALYSIS FILE OUTPUT_JSON CHUNK
       adl_reference.py config ANALYSIS        prints the analysis's configuration file and "True"/"False"
                                               (MC or data) on one line, tab-separated"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))

from compare_histograms import read_ours, relative  # noqa: E402
from processor_analyses import ANALYSES  # noqa: E402

TOLERANCE = 1e-9


def differences(ours, theirs):
    problems = []
    for name, mine in ours.items():
        other = theirs[name]
        for kind in ("values", "variances"):
            a, b = mine[kind], other[kind]
            if len(a) != len(b):
                problems.append(f"{name} {kind}: {len(a)} bins with flow, the reference has {len(b)}")
                continue
            bad = [i for i, (x, y) in enumerate(zip(a, b)) if relative(x, y) > TOLERANCE]
            shown = ", ".join(f"bin {i}: ours {a[i]!r}, reference {b[i]!r}" for i in bad[:3])
            if bad:
                problems.append(f"{name} {kind}: {len(bad)} of {len(a)} bins differ (0 and last are flow): {shown}")
    return problems


def compare(analysis, path, output, chunk):
    import uproot

    from awkward_queries import QUERIES
    from bench_histograms import fill, make, to_json

    spec = ANALYSES[analysis]
    histograms = make(spec["axes"])
    for arrays in uproot.iterate(f"{path}:Events", spec["branches"], step_size=chunk, library="ak"):
        fill(histograms, QUERIES[analysis](lambda branch: arrays[branch]))
    theirs = to_json(histograms)
    ours = read_ours(output, spec["axes"])
    problems = differences(ours, theirs)
    for problem in problems:
        print(f"{analysis}: {problem}")
    filled = sum(sum(h["values"]) for h in ours.values())
    print(f"{analysis}: {len(ours)} histogram(s), sum of weights {filled!r}, "
          + ("equal to the reference" if not problems else "DIFFERENT from the reference"))
    return 1 if problems else 0


def main(arguments):
    if len(arguments) == 2 and arguments[0] == "config" and arguments[1] in ANALYSES:
        spec = ANALYSES[arguments[1]]
        print(f"{spec['config']}\t{spec['mc']}")
        return 0
    if len(arguments) == 5 and arguments[0] == "compare" and arguments[1] in ANALYSES:
        return compare(arguments[1], arguments[2], arguments[3], int(arguments[4]))
    sys.stderr.write(__doc__.split("\n\n")[-1] + f"\nANALYSIS: {', '.join(ANALYSES)}\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
