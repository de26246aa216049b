#!/usr/bin/env python3
"""Runs the dry-run job compilation of both sides and prints a table (driven by scripts/bench-dry-run.sh).

Each run is one child process started from an argument vector (no shell). Its wall time is measured
around the child; its CPU time (user+sys) and peak RSS come from os.wait4 on that child, i.e. the
kernel's rusage of the child and of every descendant it waited for. (getrusage(RUSAGE_CHILDREN)
would mix the peaks of all runs: ru_maxrss is a maximum over every child reaped so far.)
Every run writes into a fresh output folder. The folders are deleted together at the end, not
between runs: on ext4 without a journal (as here), creating files within minutes of deleting
thousands is several times slower (the inode allocator skips recently freed inodes one by one),
which would make each run pay for the clean-up of the one before.
Sides run alternately (ours, reference, ours, ...) after untimed warm-up runs, and medians are reported.
Before each run, untimed, sync(2) writes back every dirty page: pocket-coffea makes its jobs folder
durable with one syncfs before renaming it into place, and syncfs writes back the whole file system,
so without this it would pay for writing the previous run's (the reference's) files to disk.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

JOB_SUB = re.compile(r"^job_\d+\.sub$")


def run_once(argv, env, cwd, log_path):
    """Runs argv to completion; returns (exit code, wall s, cpu s, peak KiB)."""
    os.sync()  # untimed: no run pays for the write-back of the one before
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; keep Popen consistent
    return proc.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def inspect_jobs(jobdir):
    """Jobs made (job_N.sub files), size of jobs_config.yaml, files and bytes in the jobs folder."""
    jobs = config_bytes = files = total = 0
    if os.path.isdir(jobdir):
        for name in os.listdir(jobdir):
            if JOB_SUB.match(name):
                jobs += 1
        path = os.path.join(jobdir, "jobs_config.yaml")
        config_bytes = os.path.getsize(path) if os.path.exists(path) else 0
        for root, _, names in os.walk(jobdir):
            for name in names:
                files += 1
                total += os.path.getsize(os.path.join(root, name))
    return {"jobs": jobs, "config_bytes": config_bytes, "files": files, "bytes": total}


def tail(path, lines=25):
    with open(path, errors="replace") as f:
        return "".join(f.readlines()[-lines:])


class Side:
    def __init__(self, name, argv_for, env):
        self.name, self.argv_for, self.env = name, argv_for, env
        self.samples, self.jobs, self.failure = [], None, None

    def run(self, workdir, label, keep):
        outdir = os.path.join(workdir, "runs", f"{self.name}-{label.replace(' ', '')}")
        log = outdir + ".log"
        code, wall, cpu, peak = run_once(self.argv_for(outdir), self.env, workdir, log)
        jobs = inspect_jobs(os.path.join(outdir, "job"))
        if code != 0 or jobs["jobs"] == 0:
            self.failure = f"{label} exited with status {code}, {jobs['jobs']} jobs made; last lines of its output:\n{tail(log)}"
            return
        print(f"  {self.name:<9} {label:<8} wall {wall:7.2f} s  cpu {cpu:7.2f} s  peak {peak / 1024:7.1f} MiB  "
              f"{jobs['jobs']} jobs", flush=True)
        self.jobs = jobs
        if keep:
            self.samples.append((wall, cpu, peak / 1024))

    def medians(self):
        return [statistics.median(s[i] for s in self.samples) for i in range(3)]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workdir", required=True, help="holds analysis.yaml, fileset.json, ref_ro.yaml; runs write here")
    p.add_argument("--ours", required=True, help="the pocket-coffea binary")
    p.add_argument("--ref-runner", help="the reference's `runner` console script (omit to skip the reference)")
    p.add_argument("--ref-config", help="the reference configurator (scripts/bench/reference_config.py)")
    p.add_argument("--ref-missing", default="not requested", help="why the reference is not run")
    p.add_argument("--fake-bin", help="folder with the fake voms-proxy-info, put first on PATH")
    p.add_argument("--home", help="HOME for the children (the reference copies the proxy there)")
    p.add_argument("--scaleout", type=int, default=5000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    a = p.parse_args()
    work = os.path.abspath(a.workdir)
    os.makedirs(os.path.join(work, "runs"), exist_ok=True)

    env = dict(os.environ)
    env["BENCH_FILESET_JSON"] = os.path.join(work, "fileset.json")
    if a.fake_bin:
        env["PATH"] = a.fake_bin + os.pathsep + env.get("PATH", "")
    if a.home:
        env["HOME"] = a.home

    scaleout = str(a.scaleout)
    sides = [Side("ours", lambda out: [
        a.ours, "run", "--cfg", os.path.join(work, "analysis.yaml"), "-o", out,
        "--executor", "condor@lxplus", "--scaleout", scaleout, "--dry-run", "--ignore-grid-certificate=true",
    ], env)]
    if a.ref_runner:
        sides.append(Side("reference", lambda out: [
            a.ref_runner, "--cfg", a.ref_config, "-o", out,
            "--executor", "condor@lxplus", "--scaleout", scaleout, "-ro", os.path.join(work, "ref_ro.yaml"),
        ], env))

    for side in sides:
        print(f"{side.name}: {' '.join(side.argv_for('OUT'))}")
    print(f"{a.warmup} untimed warm-up run(s) then {a.runs} timed run(s) per side, alternating:", flush=True)
    rounds = [(f"warm-up{i + 1}", False) for i in range(a.warmup)] + [(f"run {i + 1}", True) for i in range(a.runs)]
    for label, keep in rounds:
        for side in sides:
            if side.failure is None:
                side.run(work, label, keep)

    ours = sides[0]
    if ours.failure:
        print(f"\nours FAILED: {ours.failure}", file=sys.stderr)
        return 1
    ref = sides[1] if len(sides) > 1 else None
    if ref is not None and ref.failure:
        print(f"\nreference FAILED (reported, not compared): {ref.failure}", file=sys.stderr)
        a.ref_missing = "its run failed (output above)"
        ref = None
    shutil.rmtree(os.path.join(work, "runs"), ignore_errors=True)
    ok_jobs = 0.9 * a.scaleout <= ours.jobs["jobs"] <= a.scaleout
    if not ok_jobs:
        print(f"\nours made {ours.jobs['jobs']} jobs, expected about {a.scaleout}", file=sys.stderr)

    o = ours.medians()
    print(f"\nDry-run job compilation: 50,000 files, 20 datasets, condor@lxplus --scaleout {a.scaleout} "
          f"(medians of {a.runs} runs)\n")
    header = f"{'side':<11}{'wall s':>9}{'CPU s':>9}{'peak MiB':>10}{'jobs made':>11}"
    print(header)
    print("-" * len(header))
    print(f"{'ours':<11}{o[0]:9.2f}{o[1]:9.2f}{o[2]:10.1f}{ours.jobs['jobs']:11d}")
    if ref is not None:
        r = ref.medians()
        print(f"{'reference':<11}{r[0]:9.2f}{r[1]:9.2f}{r[2]:10.1f}{ref.jobs['jobs']:11d}")
        print(f"{'ref / ours':<11}{r[0] / o[0]:8.1f}x{r[1] / o[1]:8.1f}x{r[2] / o[2]:9.1f}x")
    else:
        print(f"{'reference':<11}  not run: {a.ref_missing}")

    print("\nOutput sizes (last timed run)")
    for side in [ours] + ([ref] if ref else []):
        j = side.jobs
        print(f"  {side.name:<10} jobs_config.yaml {j['config_bytes'] / 1e6:6.2f} MB;  jobs folder "
              f"{j['files']} files, {j['bytes'] / 1e6:6.1f} MB")

    print("\nTarget for ours: >= 50x faster (wall) than the reference and < 100 MB peak")
    print(f"  peak {o[2] * 1.048576:.1f} MB: {'met' if o[2] * 1.048576 < 100 else 'MISSED'}")
    if ref is not None:
        speedup = ref.medians()[0] / o[0]
        print(f"  wall speed-up {speedup:.1f}x: {'met' if speedup >= 50 else 'MISSED'}")
    return 0 if ok_jobs else 1


if __name__ == "__main__":
    sys.exit(main())
