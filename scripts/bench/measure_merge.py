#!/usr/bin/env python3
"""Times merge-outputs of both sides on the same job outputs and prints a table (driven by scripts/bench-merge.sh).

Our side runs once per output format (--formats: zip, json; each plain and with -jc). Each run is one child process started from an argument vector (no shell) under GNU time
(`/usr/bin/time -v -o FILE`): wall time is measured around it here, user+sys CPU and peak RSS come from
GNU time's report (the child's rusage). Sides run alternately (ours, ours -jc, reference, ...) after
untimed warm-up runs, which also bring the inputs into the page cache; medians are reported. Before
each run, untimed, sync(2) writes back the previous run's merged file. Every run overwrites (-f) its
side's merged file; the last ones are kept for the equality check.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def gnu_time_report(path):
    """(user+sys s, peak KiB) from a `/usr/bin/time -v` report."""
    cpu = peak = 0.0
    with open(path, errors="replace") as f:
        for line in f:
            key, _, value = line.strip().rpartition(": ")
            if key in ("User time (seconds)", "System time (seconds)"):
                cpu += float(value)
            elif key == "Maximum resident set size (kbytes)":
                peak = float(value)
    return cpu, peak


def tail(path, lines=25):
    with open(path, errors="replace") as f:
        return "".join(f.readlines()[-lines:])


class Side:
    def __init__(self, name, argv, output, env):
        self.name, self.argv, self.output, self.env = name, argv, output, env
        self.samples, self.failure, self.input_folder = [], None, None

    def run(self, workdir, label, keep):
        log = os.path.join(workdir, f"{self.name.replace(' ', '')}-{label.replace(' ', '')}.log")
        report = log + ".time"
        os.sync()
        with open(log, "wb") as out:
            start = time.perf_counter()
            code = subprocess.call(["/usr/bin/time", "-v", "-o", report] + self.argv, cwd=workdir, env=self.env,
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
            wall = time.perf_counter() - start
        if code != 0 or not os.path.exists(self.output):
            self.failure = f"{label} exited with status {code}; last lines of its output:\n{tail(log)}"
            return
        cpu, peak = gnu_time_report(report)
        print(f"  {self.name:<12} {label:<9} wall {wall:8.2f} s  cpu {cpu:8.2f} s  peak {peak / 1024:8.1f} MiB",
              flush=True)
        if keep:
            self.samples.append((wall, cpu, peak / 1024))

    def medians(self):
        return [statistics.median(s[i] for s in self.samples) for i in range(3)]


def folder_bytes(path):
    return sum(entry.stat().st_size for entry in os.scandir(path) if entry.is_file())


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--inputs", required=True, help="the generated inputs (uhi/, zip/, coffea/, params.json)")
    p.add_argument("--formats", default="zip,json", help="our output formats to time, comma-separated")
    p.add_argument("--workdir", required=True, help="where merged files and logs go")
    p.add_argument("--ours", required=True, help="the pocket-coffea binary")
    p.add_argument("--ref-merge", help="the reference's merge-outputs console script (omit to skip it)")
    p.add_argument("--ref-missing", default="not requested", help="why the reference is not run")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--summary", required=True, help="JSON file for the medians (read by the README update)")
    a = p.parse_args()
    inputs, work = os.path.abspath(a.inputs), os.path.abspath(a.workdir)
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(inputs, "params.json")) as f:
        params = json.load(f)
    n = params["jobs"]
    formats = [f for f in a.formats.split(",") if f]
    folders = {"json": ("uhi", "uhi.json"), "zip": ("zip", "zip")}
    ref_files = [os.path.join(inputs, "coffea", f"output_job_{i}.coffea") for i in range(n)]
    env = dict(os.environ)
    sides = []
    for fmt in formats:
        folder, ext = folders[fmt]
        files = [os.path.join(inputs, folder, f"output_job_{i}.{ext}") for i in range(n)]
        # A jobs folder for `merge-outputs -jc`: jobs_config.yaml (JSON is YAML) listing each job's output.
        jobs = os.path.join(work, f"jobs-{fmt}")
        os.makedirs(jobs, exist_ok=True)
        with open(os.path.join(jobs, "jobs_config.yaml"), "w") as f:
            json.dump({"job_name": "job", "job_dir": jobs, "output_dir": work, "split_by_category": False,
                       "jobs_list": {f"job_{i}": {"output_file": file} for i, file in enumerate(files)}}, f)
        out, jc_out = os.path.join(work, f"ours-merged.{ext}"), os.path.join(work, f"ours-jc-merged.{ext}")
        sides.append(Side(f"ours {fmt}", [a.ours, "merge-outputs", *files, "-o", out, "-f"], out, env))
        sides.append(Side(f"ours {fmt} -jc", [a.ours, "merge-outputs", "-jc", jobs, "-o", jc_out, "-f"], jc_out, env))
        sides[-2].input_folder = sides[-1].input_folder = folder
    if a.ref_merge:
        ref_out = os.path.join(work, "reference-merged.coffea")
        sides.append(Side("reference", [a.ref_merge, *ref_files, "-o", ref_out, "-f"], ref_out, env))
    for side in sides:
        shown = side.argv[:3] + ["...", f"({n} files)"] + side.argv[-3:] if len(side.argv) > 12 else side.argv
        print(f"{side.name}: {' '.join(shown)}")
    print(f"{a.warmup} untimed warm-up run(s) then {a.runs} timed run(s) per side, alternating:", flush=True)
    for label, keep in [(f"warm-up{i + 1}", False) for i in range(a.warmup)] + [
            (f"run {i + 1}", True) for i in range(a.runs)]:
        for side in sides:
            if side.failure is None:
                side.run(work, label, keep)

    for side in sides:
        if side.failure:
            print(f"\n{side.name} FAILED: {side.failure}", file=sys.stderr)
    if any(side.failure for side in sides if side.input_folder):
        return 1
    ref = sides[-1] if a.ref_merge else None
    if ref is not None and ref.failure:
        a.ref_missing, ref = "its run failed (output above)", None

    sizes = {name: folder_bytes(os.path.join(inputs, name)) for name in ("uhi", "zip", "coffea")
             if os.path.isdir(os.path.join(inputs, name))}
    print(f"\nmerge-outputs of {n} job outputs: {len(params['datasets'])} datasets, {params['variables']} histograms "
          f"({params['variables_2d']} 2D) x {len(params['categories'])} categories x {len(params['variations'])} "
          f"variations, cutflow, sum_genweights (medians of {a.runs} runs)\n")
    header = f"{'side':<16}{'N':>6}{'input GB':>10}{'wall s':>9}{'CPU s':>9}{'peak MiB':>10}{'outputs/s':>11}"
    print(header)
    print("-" * len(header))
    rows = {}
    for side in sides:
        if side.failure or not side.samples:
            continue
        wall, cpu, peak = side.medians()
        size = sizes["coffea" if side is ref else side.input_folder]
        rows[side.name] = {"wall_s": wall, "cpu_s": cpu, "peak_mib": peak, "input_bytes": size}
        print(f"{side.name:<16}{n:6d}{size / 1e9:10.2f}{wall:9.2f}{cpu:9.2f}{peak:10.1f}{n / wall:11.0f}")
    if ref is not None:
        r = ref.medians()
        for side in sides[:-1]:
            if side.failure or not side.samples:
                continue
            o = side.medians()
            size = sizes[side.input_folder]
            label = f"ref / {side.name[5:]}"
            print(f"{label:<16}{'':>6}{sizes['coffea'] / size:9.2f}x{r[0] / o[0]:8.1f}x{r[1] / o[1]:8.1f}x"
                  f"{r[2] / o[2]:9.1f}x")
            rows[label] = {"wall": r[0] / o[0], "cpu": r[1] / o[1], "peak": r[2] / o[2]}
    else:
        print(f"{'reference':<12}  not run: {a.ref_missing}")
    with open(a.summary, "w") as f:
        json.dump({"jobs": n, "runs": a.runs, "rows": rows}, f, indent=1)

    print("\nTarget for ours: >= 20x faster (wall) than the reference")
    if ref is not None:
        for side in sides[:-1]:
            if side.samples:
                speedup = ref.medians()[0] / side.medians()[0]
                print(f"  {side.name}: wall speed-up {speedup:.1f}x: {'met' if speedup >= 20 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
