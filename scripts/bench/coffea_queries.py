#!/usr/bin/env python3
"""The processor benchmark's analyses as a coffea 0.7 processor: NanoEvents (NanoAODSchema) through
processor.Runner, CHUNK events per chunk, with IterativeExecutor (one core) or FuturesExecutor with
WORKERS processes; the analysis code is awkward_queries.py's, fills into hist.
Prints {"events", "seconds" (from the Runner's start to the accumulated histograms), "import_seconds",
"histograms"} as JSON.

Usage: coffea_queries.py ANALYSIS FILE CHUNK [WORKERS]   (no WORKERS or 1: IterativeExecutor)"""
import time

START = time.perf_counter()
import contextlib  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

from coffea import processor  # noqa: E402
from coffea.nanoevents import NanoAODSchema  # noqa: E402

from awkward_queries import QUERIES  # noqa: E402
from bench_histograms import fill, make, to_json  # noqa: E402
from processor_analyses import ANALYSES  # noqa: E402


def branch_getter(events):
    """get("Muon_pt") -> events.Muon.pt, get("genWeight") -> events.genWeight."""
    def get(branch):
        collection, _, field = branch.partition("_")
        return getattr(events[collection], field) if field else events[collection]
    return get


class QueryProcessor(processor.ProcessorABC):
    def __init__(self, analysis):
        self.analysis = analysis

    def process(self, events):
        histograms = make(ANALYSES[self.analysis]["axes"])
        fill(histograms, QUERIES[self.analysis](branch_getter(events)))
        return {"events": len(events), "histograms": histograms}

    def postprocess(self, accumulator):
        return accumulator


def main(analysis, path, chunk, workers):
    imported = time.perf_counter()
    executor = (processor.IterativeExecutor(status=False) if workers <= 1
                else processor.FuturesExecutor(workers=workers, status=False))
    runner = processor.Runner(executor=executor, schema=NanoAODSchema, chunksize=chunk)
    # coffea 0.7 draws its progress bars on stdout even with status=False: they go to stderr, stdout
    # keeps the JSON line. NanoAODSchema warns about cross-references this generated file lacks.
    with warnings.catch_warnings(), contextlib.redirect_stdout(sys.stderr):
        warnings.simplefilter("ignore")
        output = runner({"bench": [path]}, "Events", processor_instance=QueryProcessor(analysis))
    done = time.perf_counter()
    print(json.dumps({"events": output["events"], "seconds": done - imported, "import_seconds": imported - START,
                      "histograms": to_json(output["histograms"])}))


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5) or sys.argv[1] not in ANALYSES:
        sys.exit(f"usage: coffea_queries.py ANALYSIS FILE CHUNK [WORKERS] (ANALYSIS: {', '.join(ANALYSES)})")
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) == 5 else 1)
