#!/usr/bin/env python3
"""The processor benchmark's analyses with uproot + awkward + hist: uproot.iterate over CHUNK-event
chunks of the branches the analysis reads, the awkward code of awkward_queries.py, hist fills.
Prints {"events", "seconds" (from the first read to the histograms in memory), "import_seconds",
"histograms"} as JSON.

Usage: uproot_queries.py ANALYSIS FILE CHUNK"""
import time

START = time.perf_counter()
import json  # noqa: E402
import sys  # noqa: E402

import uproot  # noqa: E402

from awkward_queries import QUERIES  # noqa: E402
from bench_histograms import fill, make, to_json  # noqa: E402
from processor_analyses import ANALYSES  # noqa: E402


def main(analysis, path, chunk):
    imported = time.perf_counter()
    spec, query = ANALYSES[analysis], QUERIES[analysis]
    histograms = make(spec["axes"])
    events = 0
    for arrays in uproot.iterate(f"{path}:Events", spec["branches"], step_size=chunk, library="ak"):
        events += len(arrays)
        fill(histograms, query(lambda branch: arrays[branch]))
    done = time.perf_counter()
    print(json.dumps({"events": events, "seconds": done - imported, "import_seconds": imported - START,
                      "histograms": to_json(histograms)}))


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ANALYSES:
        sys.exit(f"usage: uproot_queries.py ANALYSIS FILE CHUNK (ANALYSIS: {', '.join(ANALYSES)})")
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
