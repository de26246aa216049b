#!/usr/bin/env bash
# Creates .venv with the real components the tests compare against (DESIGN.md §5):
# the HTCondor submit parser (PyPI htcondor, module htcondor2), and uproot with the codecs it
# needs to write ROOT compression blocks (xxhash, lz4, zstandard) for the Compression tests;
# hist and uhi (with its schema validator) read and validate the histogram outputs; ROOT itself
# (PyPI ROOT) reads the files the ROOTIO writer writes; correctionlib is the reference evaluator of
# correction files.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
if ! .venv/bin/python -c "import htcondor2" 2>/dev/null; then
    echo "test venv: installing htcondor"
    .venv/bin/pip install --quiet --disable-pip-version-check htcondor
fi
if ! .venv/bin/python -c "import uproot, xxhash, lz4.block, zstandard" 2>/dev/null; then
    echo "test venv: installing uproot, xxhash, lz4, zstandard"
    .venv/bin/pip install --quiet --disable-pip-version-check uproot xxhash lz4 zstandard
fi
if ! .venv/bin/python -c "import hist, uhi.schema, fastjsonschema" 2>/dev/null; then
    echo "test venv: installing hist, uhi[schema]"
    .venv/bin/pip install --quiet --disable-pip-version-check "uhi[schema]" hist
fi
if ! .venv/bin/python -c "import ROOT" 2>/dev/null; then
    echo "test venv: installing ROOT"
    .venv/bin/pip install --quiet --disable-pip-version-check ROOT
fi
if ! .venv/bin/python -c "import correctionlib" 2>/dev/null; then
    echo "test venv: installing correctionlib"
    .venv/bin/pip install --quiet --disable-pip-version-check correctionlib
fi
echo "test venv: ready (.venv)"
