#!/usr/bin/env bash
# Benchmark: reading the branches of a dimuon analysis (nMuon, Muon_pt/eta/phi/mass/charge/tightId,
# genWeight) from a generated 1 M-event NanoAOD-like file, for each compression, by
#   ours     pocket-coffea's ROOTIO (Benchmarks/ROOTRead, release build), chunks of 100,000 entries
#   floor    the same baskets pread and decompressed into one buffer, no decoding (our libraries)
#   C floor  the same with Python's zlib/lzma and the lz4/zstandard bindings (the zlib floor)
#   uproot   uproot 5 (PyPI) TTree.arrays(library="ak") over the same chunks
# Prints MB/s of uncompressed branch data and events/s, medians of REPEATS runs, and the ratios.
# Usage: scripts/bench-root-read.sh [EVENTS] [REPEATS]     (files are cached in .bench/)
set -euo pipefail
cd "$(dirname "$0")/.."

events=${1:-1000000}
repeats=${2:-5}
branches=nMuon,Muon_pt,Muon_eta,Muon_phi,Muon_mass,Muon_charge,Muon_tightId,genWeight
chunk=100000
mkdir -p .bench

scripts/install-test-deps.sh >/dev/null
scripts/build-release.sh --product root-read-bench >/dev/null
python=.venv/bin/python

printf '%-8s %10s %12s %12s %12s %12s %9s %9s %9s\n' compression MB "floor ev/s" "C floor ev/s" "ours ev/s" "uproot ev/s" "ours/flr" "ours/Cflr" "ours/upr"
for compression in zlib:1 zstd:5 lz4:4 lzma:9 none; do
    name=${compression%%:*}
    file=.bench/nano-$name-$events.root
    if [ ! -f "$file" ]; then
        "$python" scripts/bench/make_nanoaod_like.py "$file.part" "$compression" "$events"
        mv "$file.part" "$file"
    fi
    ours=$(.build/release/root-read-bench "$file" --repeat "$repeats" --chunk "$chunk" --branches "$branches")
    theirs=$("$python" scripts/bench/uproot_read.py "$file" "$repeats" "$chunk" "$branches")
    "$python" - "$name" "$ours" "$theirs" <<'PY'
import json, sys
name, ours, theirs = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
events, megabytes = ours["events"], ours["uncompressed_bytes"] / 1e6
rate = lambda seconds: events / seconds
print(f"{name:<8} {megabytes:10.1f} {rate(ours['floor_seconds'])/1e6:11.2f}M {rate(theirs['c_floor_seconds'])/1e6:11.2f}M "
      f"{rate(ours['ours_seconds'])/1e6:11.2f}M {rate(theirs['uproot_seconds'])/1e6:11.2f}M "
      f"{ours['ours_seconds']/ours['floor_seconds']:8.2f}x {ours['ours_seconds']/theirs['c_floor_seconds']:8.2f}x "
      f"{theirs['uproot_seconds']/ours['ours_seconds']:8.2f}x")
print(f"{'':<8} {'':>10} MB/s: floor {megabytes/ours['floor_seconds']:.0f}, ours {megabytes/ours['ours_seconds']:.0f}, uproot {megabytes/theirs['uproot_seconds']:.0f}", file=sys.stderr)
PY
done
echo "ours/flr: our read time over the floor's (target ≤ 1.3); ours/Cflr < 1 beats the C-library floor;"
echo "ours/upr: how many times faster than uproot."
