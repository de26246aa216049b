#!/usr/bin/env bash
# Benchmark: dry-run job compilation of 50,000 files (20 datasets) into ~5,000 condor@lxplus jobs,
# pocket-coffea against the Python reference (PocketCoffea 0.9.13, PyPI) on the same generated input.
# Prints wall time, CPU time, peak RSS and jobs made per side (medians), with reference/ours ratios.
#
#   scripts/bench-dry-run.sh            (or: make bench-dry-run, which builds in release mode first)
#
# Environment:
#   BENCH_RUNS=3            timed runs per side          BENCH_WARMUP=1   untimed warm-up runs per side
#   BENCH_SKIP_REFERENCE=1  run ours only                POCKET_COFFEA_BIN=.build/release/pocket-coffea
#   REFERENCE_VENV=.venv-reference   where PocketCoffea 0.9.13 is installed (created when missing)
#   PYTHON=python3          the Python that creates the venv and runs the helpers
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${POCKET_COFFEA_BIN:-$root/.build/release/pocket-coffea}
venv=${REFERENCE_VENV:-$root/.venv-reference}
python=${PYTHON:-python3}
reference_version=0.9.13

if [[ ! -x $bin ]]; then
    echo "bench-dry-run: $bin not found; build it with 'make release' (scripts/build-release.sh)" >&2
    exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-dry-run.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The Python reference in its own venv. Any failure here is reported, and only our side runs.
ref_args=()
reference_unavailable() {
    echo "bench-dry-run: the Python reference cannot run here: $1; measuring pocket-coffea only." >&2
    ref_args=(--ref-missing "$1")
}
if [[ ${BENCH_SKIP_REFERENCE:-0} == 1 ]]; then
    reference_unavailable "BENCH_SKIP_REFERENCE=1"
elif [[ ! -x $venv/bin/runner ]] && ! {
    echo "Installing pocket-coffea==$reference_version into $venv (once) ..."
    "$python" -m venv "$venv" && "$venv/bin/pip" install --quiet "pocket-coffea==$reference_version"
}; then
    reference_unavailable "'pip install pocket-coffea==$reference_version' into $venv failed"
elif ! installed=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pocket-coffea"))'); then
    reference_unavailable "$venv has no pocket-coffea"
elif [[ $installed != "$reference_version" ]]; then
    reference_unavailable "$venv holds pocket-coffea $installed, not $reference_version (delete $venv to reinstall)"
else
    # No grid here: a fake voms-proxy-info says a proxy exists and where. The reference copies
    # that file into $HOME, so HOME points into the scratch folder.
    mkdir -p "$work/fakebin" "$work/home" "$work/proxy"
    : >"$work/proxy/x509up_bench"
    printf '#!/bin/sh\n# fake voms-proxy-info for the benchmark\nif [ "$1" = -path ]; then echo %s; fi\nexit 0\n' \
        "$work/proxy/x509up_bench" >"$work/fakebin/voms-proxy-info"
    chmod +x "$work/fakebin/voms-proxy-info"
    ref_args=(--ref-runner "$venv/bin/runner" --ref-config "$root/scripts/bench/reference_config.py"
        --fake-bin "$work/fakebin" --home "$work/home")
fi

"$python" "$root/scripts/bench/make_fileset.py" "$work"
"$python" "$root/scripts/bench/measure.py" --workdir "$work" --ours "$bin" \
    --runs "${BENCH_RUNS:-3}" --warmup "${BENCH_WARMUP:-1}" "${ref_args[@]}"
