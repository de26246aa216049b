#!/usr/bin/env bash
# Writes the NanoAOD-like input files of the bundled local examples (share/examples/local,
# share/examples/adl) into .example-data/, with uproot from the project's Python venv. Files that
# exist are kept. Usage: scripts/make-example-data.sh [EVENTS]
set -euo pipefail
cd "$(dirname "$0")/.."

events=${1:-200000}
scripts/install-test-deps.sh >/dev/null
mkdir -p .example-data
seed=1
for name in nano_mc nano_data; do
    file=.example-data/$name.root
    seed=$((seed + 1))
    if [ ! -f "$file" ]; then
        echo "example data: writing $file ($events events)"
        .venv/bin/python scripts/bench/make_nanoaod_like.py "$file.part" zlib:1 "$events" "$seed"
        mv "$file.part" "$file"
    fi
done
echo "example data: ready (.example-data)"
