#!/usr/bin/env python3
"""Runs the processor benchmark (driven by scripts/bench-processor.sh) and prints its tables.

For each compression and each analysis of processor_analyses.py, every side runs as its own child
process, started from an argument vector, REPEATS times, the sides taken in turn (ours 1 core, ours
futures, uproot, coffea 1 core, coffea futures, RDataFrame 1 thread, RDataFrame WORKERS threads, then
again). What is timed is the wall time of the whole child process, from its start to its exit:
interpreter start-up and imports (ROOT's interpreter, coffea, uproot), opening the file, the event
loop, and handing the histograms back (ours writes its output file; the Python sides print them as
JSON). events/s = events in the file / median of those times. A second table gives the Python sides'
rates without start-up (measured inside the process from after the imports to the histograms in
memory). "floor" is root-read-bench's pread + decompression of the branches the analysis reads, with
the libraries our reader uses; for zlib files "zlib floor" is the same with zlib's inflate instead of
libdeflate: how fast ROOT or uproot could at best go, since both inflate with zlib.

Every run's histograms are compared bin by bin (flow included) with ours; a difference beyond 1e-6
relative prints MISMATCH and marks the cell with "!"."""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from compare_histograms import compare, read_ours  # noqa: E402
from processor_analyses import ANALYSES  # noqa: E402

COLUMNS = [("ours1", "ours 1 core"), ("oursN", "ours futures"), ("uproot", "uproot"), ("coffea1", "coffea 1 core"),
           ("coffeaN", "coffea futures"), ("rdf1", "RDF 1 thread"), ("rdfN", "RDF N threads")]
ONE_CORE_OTHERS = ["uproot", "coffea1", "rdf1"]
ALL_CORE_OTHERS = ["uproot", "coffeaN", "rdfN"]


class Side:
    def __init__(self, key, argv, result):
        self.key, self.argv, self.result = key, argv, result
        self.times, self.inner, self.startup, self.failure, self.mismatch = [], [], [], None, []


def tail(text, lines=15):
    return "\n".join(text.strip().splitlines()[-lines:])


def ensure_file(args, compression):
    name = compression.partition(":")[0]
    path = os.path.join(args.bench_dir, f"nano-{name}-{args.events}.root")
    if not os.path.exists(path):
        print(f"writing {path} ({args.events} events, {compression}) ...", flush=True)
        subprocess.run([args.uproot_python, os.path.join(HERE, "make_nanoaod_like.py"), path + ".part", compression,
                        str(args.events)], check=True)
        os.replace(path + ".part", path)
    return path


def floor_seconds(args, path, branches, zlib):
    """The floor's median seconds and, for a zlib file, the zlib floor's (else None)."""
    out = subprocess.run([args.floor, path, "--repeat", str(args.repeats), "--chunk", str(args.chunk),
                          "--branches", ",".join(branches)] + (["--zlib-floor"] if zlib else []),
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"root-read-bench failed on {path}: {tail(out.stderr)}")
    report = json.loads(out.stdout)
    return report["floor_seconds"], report.get("zlib_floor_seconds")


def sides_for(args, analysis, path, work):
    """The sides of one analysis on one file: each an argument vector and a reader of its histograms."""
    spec = ANALYSES[analysis]
    folder = os.path.join(work, analysis)
    os.makedirs(folder, exist_ok=True)
    shutil.copy(os.path.join(args.root, spec["config"]), os.path.join(folder, "analysis.yaml"))
    with open(os.path.join(folder, "datasets.json"), "w") as f:
        json.dump({"bench": {"files": [path], "metadata": {"sample": "bench", "year": "2018",
                                                           "isMC": str(spec["mc"]), "nevents": str(args.events)}}}, f)
    counter = iter(range(10 ** 9))

    def ours(executor):
        def argv():
            out = os.path.join(folder, f"out-{next(counter)}")
            return [args.ours, "run", "--cfg", os.path.join(folder, "analysis.yaml"), "-o", out, "-e", executor,
                    "--chunksize", str(args.chunk)] + (["--scaleout", str(args.workers)] if executor == "futures" else [])

        def result(argv_used, stdout):
            out = argv_used[argv_used.index("-o") + 1]
            histograms = read_ours(os.path.join(out, "output_all.json"), spec["axes"])
            shutil.rmtree(out, ignore_errors=True)
            return {"histograms": histograms}
        return argv, result

    def python(interpreter, script, *rest):
        return (lambda: [interpreter, os.path.join(HERE, script), *rest],
                lambda argv_used, stdout: json.loads(stdout.strip().splitlines()[-1]))

    sides = [Side("ours1", *ours("iterative")), Side("oursN", *ours("futures"))]
    if analysis == "dimuon":
        sides.append(Side("uproot", *python(args.uproot_python, "uproot_dimuon.py", path, "1", str(args.chunk))))
    else:
        sides.append(Side("uproot", *python(args.uproot_python, "uproot_queries.py", analysis, path, str(args.chunk))))
    if args.coffea_python:
        for key, workers in (("coffea1", 1), ("coffeaN", args.workers)):
            sides.append(Side(key, *python(args.coffea_python, "coffea_queries.py", analysis, path, str(args.chunk),
                                           str(workers))))
    if args.root_python:
        for key, threads in (("rdf1", 1), ("rdfN", args.workers)):
            sides.append(Side(key, *python(args.root_python, "rdf_queries.py", analysis, path, str(threads))))
    return sides


def run_side(side, reference, events, label):
    argv = side.argv()
    start = time.perf_counter()
    out = subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        side.failure = f"exit status {out.returncode}: {' '.join(argv)}\n{tail(out.stderr or out.stdout)}"
        return None
    try:
        result = side.result(argv, out.stdout)
    except (ValueError, KeyError, IndexError, OSError) as error:
        side.failure = f"unreadable result ({error}): {' '.join(argv)}\n{tail(out.stderr)}"
        return None
    side.times.append(wall)
    if "seconds" in result:
        side.inner.append(result["seconds"])
        side.startup.append(result.get("import_seconds", 0.0))
    problems = []
    if "events" in result and result["events"] != events:
        problems.append(f"{result['events']} events read, the file has {events}")
    if reference is not None:
        problems += compare(reference, result["histograms"])
    if problems:
        side.mismatch = problems
        print(f"MISMATCH {label} {side.key}: " + "; ".join(problems), flush=True)
    return result["histograms"]


def rate(events, seconds):
    if not seconds:
        return "-"
    per_second = events / seconds
    return f"{per_second / 1e6:.2f}M" if per_second >= 1e5 else f"{per_second / 1e3:.1f}k"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--root", help="the project's folder")
    p.add_argument("--bench-dir", help="where the generated files are cached")
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--chunk", type=int, default=100_000)
    p.add_argument("--workers", type=int, default=os.cpu_count(), help="processes or threads of the all-cores sides")
    p.add_argument("--compressions", default="zlib:1 zstd:5 lz4:4 lzma:9 none")
    p.add_argument("--analyses", default=" ".join(ANALYSES))
    p.add_argument("--ours")
    p.add_argument("--floor", help="the root-read-bench binary")
    p.add_argument("--uproot-python")
    p.add_argument("--coffea-python", help="a Python with coffea 0.7 (omit to skip coffea)")
    p.add_argument("--coffea-missing", default="not requested")
    p.add_argument("--root-python", help="a Python with PyPI ROOT (omit to skip RDataFrame)")
    p.add_argument("--root-missing", default="not requested")
    p.add_argument("--results", help="write every measurement here as JSON (rewritten after each row)")
    p.add_argument("--report", nargs="+", metavar="RESULTS",
                   help="print the tables of --results files (one run or several) and exit; measures nothing")
    args = p.parse_args()
    if args.report:
        saved = []
        for path in args.report:
            with open(path) as f:
                saved += json.load(f)
        report(args, saved)
        return 0
    missing = [f"--{n.replace('_', '-')}" for n in ("root", "bench_dir", "ours", "floor", "uproot_python")
               if not getattr(args, n)]
    if missing:
        p.error(f"{', '.join(missing)} required (or --report FILE)")
    analyses = args.analyses.split()
    unknown = [a for a in analyses if a not in ANALYSES]
    if unknown:
        p.error(f"unknown analyses {unknown}; known: {', '.join(ANALYSES)}")

    print(f"{args.events} events per file, chunks of {args.chunk}, {args.repeats} runs per side (medians), "
          f"all-cores sides with {args.workers} workers/threads; timed: each whole child process")
    if not args.coffea_python:
        print(f"coffea columns skipped: {args.coffea_missing}")
    if not args.root_python:
        print(f"RDataFrame columns skipped: {args.root_missing}")
    header = f"{'analysis':<8}{'floor':>8}" + "".join(f"{title:>15}" for _, title in COLUMNS) + \
        f"{'1core vs best':>15}{'all vs best':>13}{'1core/flr':>11}{'1core/zflr':>12}"
    results = []
    work = tempfile.mkdtemp(prefix="bench-processor.")
    try:
        for compression in args.compressions.split():
            path = ensure_file(args, compression)
            print(f"\n{compression}  ({path})\n{header}", flush=True)
            for analysis in analyses:
                row = run_analysis(args, compression, analysis, path, work)
                results.append(row)
                print(format_row(row), flush=True)
                if args.results:  # after every row: an interrupted run keeps what it measured
                    with open(args.results + ".part", "w") as f:
                        json.dump(results, f, indent=1)
                    os.replace(args.results + ".part", args.results)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(args, results)
    return 1 if any(r["mismatch"] or r["failures"] for r in results) else 0


def run_analysis(args, compression, analysis, path, work):
    spec = ANALYSES[analysis]
    floor, zlib_floor = floor_seconds(args, path, spec["branches"], compression.startswith("zlib"))
    sides = sides_for(args, analysis, path, work)
    label = f"{compression} {analysis}"
    reference = None
    for _ in range(args.repeats):
        for side in sides:
            if side.failure:
                continue
            histograms = run_side(side, reference, args.events, label)
            if side.key == "ours1" and reference is None:
                reference = histograms
            if side.failure:
                print(f"FAILED {label} {side.key}: {side.failure}", file=sys.stderr, flush=True)
    row = {"compression": compression, "analysis": analysis, "events": args.events, "floor": floor,
           "zlib_floor": zlib_floor,
           "times": {}, "inner": {}, "startup": {}, "mismatch": {}, "failures": {}}
    for side in sides:
        if side.failure:
            row["failures"][side.key] = side.failure
        elif side.times:
            row["times"][side.key] = statistics.median(side.times)
            if side.inner:
                row["inner"][side.key] = statistics.median(side.inner)
                row["startup"][side.key] = statistics.median(side.startup)
        if side.mismatch:
            row["mismatch"][side.key] = side.mismatch
    return row


def best(row, keys):
    times = [row["times"][k] for k in keys if k in row["times"]]
    return min(times) if times else None


def cells(row):
    events, times = row["events"], row["times"]
    out = [rate(events, row["floor"])]
    for key, _ in COLUMNS:
        if key in row["failures"]:
            out.append("FAILED")
        else:
            out.append(rate(events, times.get(key)) + ("!" if key in row["mismatch"] else ""))
    one, many = best(row, ONE_CORE_OTHERS), best(row, ALL_CORE_OTHERS)
    ours1, oursN = times.get("ours1"), times.get("oursN")
    out.append(f"{one / ours1:.2f}x" if one and ours1 else "-")
    out.append(f"{many / oursN:.2f}x" if many and oursN else "-")
    out.append(f"{row['floor'] / ours1:.2f}" if ours1 else "-")
    zlib_floor = row.get("zlib_floor")
    out.append(f"{zlib_floor / ours1:.2f}" if zlib_floor and ours1 else "-")
    return out


def format_row(row):
    c = cells(row)
    return (f"{row['analysis']:<8}{c[0]:>8}" + "".join(f"{x:>15}" for x in c[1:8])
            + f"{c[8]:>15}{c[9]:>13}{c[10]:>11}{c[11]:>12}")


def report(args, results):
    print("\nevents/s = events / median wall time of the whole process (start-up included). "
          "'1core vs best' = best other one-core time / ours 1 core (> 1: ours faster); 'all vs best' the "
          "same with ours futures against uproot, coffea futures and RDataFrame with all threads; "
          "1core/flr = fraction of the decompression floor's rate ours reaches on one core; 1core/zflr the "
          "same against the zlib floor (zlib files: inflating with zlib, as ROOT and uproot do). "
          "'!' marks a histogram that differs from ours.")
    print("\nMarkdown:")
    titles = ["analysis", "floor"] + [t for _, t in COLUMNS] + ["1 core vs best other", "all cores vs best other",
                                                                  "1 core / floor", "1 core / zlib floor"]
    for compression in dict.fromkeys(r["compression"] for r in results):
        print(f"\n{compression}\n\n| " + " | ".join(titles) + " |\n|" + "---|" * len(titles))
        for row in (r for r in results if r["compression"] == compression):
            print("| " + " | ".join([row["analysis"]] + cells(row)) + " |")
    print("\nPython sides without start-up (in-process: after imports to histograms in memory), events/s; "
          "start-up = interpreter + imports, median seconds:\n")
    keys = [k for k, _ in COLUMNS if not k.startswith("ours")]
    print("| compression | analysis | " + " | ".join(f"{dict(COLUMNS)[k]}" for k in keys) + " | start-up s (uproot / coffea / ROOT) |")
    print("|" + "---|" * (len(keys) + 3))
    for row in results:
        inner = [rate(row["events"], row["inner"].get(k)) for k in keys]
        startup = " / ".join(f"{row['startup'][k]:.2f}" if k in row["startup"] else "-"
                             for k in ("uproot", "coffea1", "rdf1"))
        print(f"| {row['compression']} | {row['analysis']} | " + " | ".join(inner) + f" | {startup} |")
    slower = []
    for row in results:
        for key in ONE_CORE_OTHERS:
            if key in row["times"] and "ours1" in row["times"] and row["times"][key] < row["times"]["ours1"]:
                slower.append(f"{row['compression']} {row['analysis']}: {dict(COLUMNS)[key]} "
                              f"{row['times']['ours1'] / row['times'][key]:.2f}x faster than ours on one core")
        for key in ("coffeaN", "rdfN"):
            if key in row["times"] and "oursN" in row["times"] and row["times"][key] < row["times"]["oursN"]:
                slower.append(f"{row['compression']} {row['analysis']}: {dict(COLUMNS)[key]} "
                              f"{row['times']['oursN'] / row['times'][key]:.2f}x faster than ours futures")
    print("\nWhere another tool is faster than ours: " + ("none" if not slower else "\n  " + "\n  ".join(slower)))
    loops = [f"{row['compression']} {row['analysis']}: {dict(COLUMNS)[key]} {row['events'] / row['inner'][key] / 1e6:.2f}M "
             f"vs ours 1 core {row['events'] / row['times']['ours1'] / 1e6:.2f}M"
             for row in results for key in ONE_CORE_OTHERS
             if key in row["inner"] and "ours1" in row["times"] and row["inner"][key] < row["times"]["ours1"]]
    print("Where a Python side's event loop alone (start-up left out) beats our whole process on one core: "
          + ("none" if not loops else "\n  " + "\n  ".join(loops)))
    problems = [(r, k, v) for r in results for k, v in r["mismatch"].items()]
    failures = [(r, k, v) for r in results for k, v in r["failures"].items()]
    for r, k, v in problems:
        print(f"MISMATCH {r['compression']} {r['analysis']} {k}: {'; '.join(v)}")
    for r, k, v in failures:
        print(f"FAILED {r['compression']} {r['analysis']} {k}: {v}")
    if not problems and not failures:
        print("Every side's histograms equal ours (sum of weights and every bin within 1e-6).")


if __name__ == "__main__":
    sys.exit(main())
