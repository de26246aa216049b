#!/usr/bin/env bash
# Benchmark: the processor on a generated 1 M-event NanoAOD-like file per compression (the files of
# scripts/bench-root-read.sh, cached in .bench/), running the dimuon analysis of REFERENCE.md's speed
# table (share/examples/bench/dimuon.yaml) with pocket-coffea (one core: iterative; all cores: futures)
# and with uproot + awkward + hist on the same file, same chunks. Prints events/s and the ratios
# against the Python stack and against the pread+decompress floor (root-read-bench).
# Usage: scripts/bench-processor.sh [EVENTS] [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."

events=${1:-1000000}
repeats=${2:-3}
chunk=100000
scripts/install-test-deps.sh >/dev/null
swift build -c release --product pocket-coffea >/dev/null
swift build -c release --product root-read-bench >/dev/null
python=.venv/bin/python
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p .bench

printf '%-8s %12s %12s %12s %12s %10s %10s\n' compression "floor ev/s" "ours 1 core" "ours futures" "uproot ev/s" "1core/upr" "1core/flr"
for compression in zlib:1 zstd:5 lz4:4 lzma:9 none; do
    name=${compression%%:*}
    file=$PWD/.bench/nano-$name-$events.root
    if [ ! -f "$file" ]; then
        "$python" scripts/bench/make_nanoaod_like.py "$file.part" "$compression" "$events"
        mv "$file.part" "$file"
    fi
    cp share/examples/bench/dimuon.yaml "$work/analysis.yaml"
    printf '{"bench": {"files": ["%s"], "metadata": {"sample": "bench", "year": "2018", "isMC": "True", "nevents": "%s"}}}\n' \
        "$file" "$events" > "$work/datasets.json"
    "$python" - "$name" "$work" "$file" "$repeats" "$chunk" "$python" <<'PY'
import json, statistics, subprocess, sys, time
name, work, file, repeats, chunk, python = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6]
def ours(executor):
    times = []
    for index in range(repeats):
        out = f"{work}/out-{executor}-{index}"
        start = time.perf_counter()
        subprocess.run([".build/release/pocket-coffea", "run", "--cfg", f"{work}/analysis.yaml", "-o", out,
                        "-e", executor, "--chunksize", chunk], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
floor = json.loads(subprocess.run([".build/release/root-read-bench", file, "--repeat", str(repeats), "--chunk", chunk],
                                  check=True, capture_output=True, text=True).stdout)
reference = json.loads(subprocess.run([python, "scripts/bench/uproot_dimuon.py", file, str(repeats), chunk],
                                      check=True, capture_output=True, text=True).stdout)
events = floor["events"]
one, many = ours("iterative"), ours("futures")
rate = lambda seconds: events / seconds / 1e6
print(f"{name:<8} {rate(floor['floor_seconds']):11.2f}M {rate(one):11.2f}M {rate(many):11.2f}M "
      f"{rate(reference['seconds']):11.2f}M {reference['seconds'] / one:9.2f}x {floor['floor_seconds'] / one:9.2f}")
PY
done
echo "ours includes process start-up, compiling the analysis and writing the output; 1core/upr > 1 means faster than uproot;"
echo "1core/flr is the fraction of the decompression floor's rate reached on one core (target 0.8)."
