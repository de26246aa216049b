#!/usr/bin/env bash
# Benchmark: one check-jobs poll over the HTCondor user logs of JOBS finished jobs (default 10,000),
# in both layouts a jobs folder has — one log per job (job_N.sub resubmissions) and one log for the
# whole cluster (jobs_all.sub) — by
#   ours       Condor.UserLogReader (Benchmarks/UserLogPoll, release build)
#   htcondor2  HTCondor's own reader, htcondor2.JobEventLog (PyPI htcondor): kept open on the cluster
#              log; reopened at each poll on the per-job logs (10,000 open readers need more than the
#              20,000 file descriptors allowed here)
# Each run generates the logs, then times a first poll (all ~7 events of every job are new), an idle
# poll (nothing new) and, after one event was appended for every EVERY-th job, an incremental poll.
# Prints medians of RUNS runs in milliseconds and the ratios (how many times faster ours is).
# Usage: scripts/bench-user-log-poll.sh [JOBS] [RUNS] [EVERY]      (logs are written under .bench/)
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${1:-10000}
runs=${2:-3}
every=${3:-10}
folder=.bench/user-log-poll
mkdir -p "$folder"

scripts/install-test-deps.sh >/dev/null
scripts/build-release.sh --product user-log-poll-bench >/dev/null
binary=.build/release/user-log-poll-bench
python=.venv/bin/python

ours=$("$binary" measure "$folder" --jobs "$jobs" --runs "$runs" --every "$every")
theirs=$("$python" scripts/bench/user_log_poll_reference.py "$binary" "$folder" "$jobs" "$runs" "$every")
"$python" - "$ours" "$theirs" "$jobs" "$every" <<'PY'
import json, sys
ours, theirs, jobs, every = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
print(f"{'layout':<22} {'poll':<26} {'events':>7} {'ours ms':>9} {'htcondor2 ms':>13} {'ratio':>7}")
names = {"per_job": f"{jobs:,} job logs", "cluster": "1 cluster log"}
steps = {"first": "first (all new)", "idle": "idle (nothing new)", "incremental": f"+1 event per {every} jobs"}
for layout in ("per_job", "cluster"):
    for step in ("first", "idle", "incremental"):
        key = f"{layout}_{step}"
        assert ours[key + "_events"] == theirs[key + "_events"], (key, ours[key + "_events"], theirs[key + "_events"])
        print(f"{names[layout]:<22} {steps[step]:<26} {ours[key + '_events']:>7} {ours[key]*1e3:9.2f} "
              f"{theirs[key]*1e3:13.2f} {theirs[key]/ours[key]:6.1f}x")
PY
echo "ratio: htcondor2's time over ours (higher is better for ours); medians of $runs runs."
