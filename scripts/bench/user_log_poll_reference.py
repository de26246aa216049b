#!/usr/bin/env python3
"""The reference side of scripts/bench-user-log-poll.sh: HTCondor's own user-log reader
(htcondor2.JobEventLog, PyPI htcondor) on the same logs. The cluster log has one reader kept open
across polls (its events(stop_after=0) returns only what was appended). A JobEventLog holds two file
descriptors, so 10,000 of them do not fit under this machine's limit of 20,000: the per-job logs are
opened, read to their end and closed at each poll, counting the events already seen. Uses the Swift
benchmark binary to generate and append, so both sides read identical bytes. Prints one JSON object
of median seconds, as user-log-poll-bench measure does.

    user_log_poll_reference.py BENCH_BINARY DIR JOBS RUNS EVERY
"""
import json
import statistics
import subprocess
import sys
import time

import htcondor2


def record(timings, counts, layout, step, seconds, events):
    timings.setdefault(f"{layout}_{step}", []).append(seconds)
    counts[f"{layout}_{step}_events"] = events


def main(binary, folder, jobs, runs, every):
    layouts = {
        "per_job": [f"{folder}/per-job/job_1.{proc}.log" for proc in range(jobs)],
        "cluster": [f"{folder}/cluster/job_1.log"],
    }
    timings, counts = {}, {}
    for _ in range(runs):
        subprocess.run([binary, "generate", folder, "--jobs", str(jobs)], check=True)
        cluster = None
        seen = {}
        for step in ("first", "idle", "incremental"):
            if step == "incremental":
                subprocess.run([binary, "append", folder, "--jobs", str(jobs), "--every", str(every)], check=True)
            start = time.perf_counter()
            events = 0
            for path in layouts["per_job"]:
                reader = htcondor2.JobEventLog(path)
                total = sum(1 for _ in reader.events(stop_after=0))
                reader.close()
                events += total - seen.get(path, 0)
                seen[path] = total
            record(timings, counts, "per_job", step, time.perf_counter() - start, events)
            start = time.perf_counter()
            cluster = cluster or htcondor2.JobEventLog(layouts["cluster"][0])
            events = sum(1 for _ in cluster.events(stop_after=0))
            record(timings, counts, "cluster", step, time.perf_counter() - start, events)
    result = {key: statistics.median(values) for key, values in timings.items()}
    result.update(counts)
    result["jobs"] = jobs
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6]))
