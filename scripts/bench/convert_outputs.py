#!/usr/bin/env python3
"""Writes the zip form of the generated job outputs with pocket-coffea itself (driven by scripts/bench-merge.sh).

    convert_outputs.py --inputs OUTDIR --ours BIN [--workers 2]

For each OUTDIR/uhi/output_job_<i>.uhi.json, runs `BIN merge-outputs IN -o OUTDIR/zip/output_job_<i>.zip -f`
(merging one output is the identity), so both forms hold the same content, written by the same code a
job uses for `output-format: zip`. Files already converted are kept; OUTDIR/zip/complete marks a full set.
"""

import argparse
import json
import os
import subprocess
import sys
from multiprocessing import Pool


def convert(job):
    source, target, binary = job
    partial = target + ".partial.zip"
    result = subprocess.run([binary, "merge-outputs", source, "-o", partial, "-f"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        return f"{source}: merge-outputs exited with status {result.returncode}: {result.stderr.strip()}"
    os.replace(partial, target)
    return None


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--inputs", required=True)
    p.add_argument("--ours", required=True)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    a = p.parse_args()
    marker = os.path.join(a.inputs, "zip", "complete")
    if os.path.exists(marker):
        return 0
    with open(os.path.join(a.inputs, "params.json")) as f:
        jobs = json.load(f)["jobs"]
    os.makedirs(os.path.join(a.inputs, "zip"), exist_ok=True)
    todo = []
    for i in range(jobs):
        target = os.path.join(a.inputs, "zip", f"output_job_{i}.zip")
        if not os.path.exists(target):
            todo.append((os.path.join(a.inputs, "uhi", f"output_job_{i}.uhi.json"), target, a.ours))
    print(f"Writing the zip form of {len(todo)} outputs with {a.ours} ...", flush=True)
    with Pool(a.workers) as pool:
        for done, failure in enumerate(pool.imap_unordered(convert, todo, chunksize=16), 1):
            if failure:
                print(f"convert_outputs: {failure}", file=sys.stderr)
                return 1
            if done % 500 == 0:
                print(f"  {done}/{len(todo)}", flush=True)
    open(marker, "w").close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
