#!/usr/bin/env bash
# Benchmark: histogram fills and the UHI JSON of a 5,000-histogram output, ours (Benchmarks/Histograms,
# release build) then hist + uhi.io.json (scripts/bench/hist_reference_bench.py) on the same shapes.
# Medians of 5 runs each. Usage: scripts/bench-histograms.sh
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh >/dev/null
scripts/build-release.sh --product histogram-bench >/dev/null
echo "== pocket-coffea (Swift)"
.build/release/histogram-bench
echo "== hist $(.venv/bin/python -c 'import hist; print(hist.__version__)') (Python)"
.venv/bin/python scripts/bench/hist_reference_bench.py
