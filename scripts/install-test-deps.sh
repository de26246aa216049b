#!/usr/bin/env bash
# Creates .venv with the real components the tests compare against (DESIGN.md §5):
# the HTCondor submit parser (PyPI htcondor, module htcondor2).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
if ! .venv/bin/python -c "import htcondor2" 2>/dev/null; then
    echo "test venv: installing htcondor"
    .venv/bin/pip install --quiet --disable-pip-version-check htcondor
fi
echo "test venv: ready (.venv)"
