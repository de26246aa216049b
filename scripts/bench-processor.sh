#!/usr/bin/env bash
# Benchmark: the processor on a generated NanoAOD-like file per compression (1 M events by default; the
# files of scripts/bench-root-read.sh, cached in .bench/), running the dimuon analysis of REFERENCE.md's
# speed table (share/examples/bench/dimuon.yaml) and the eight IRIS-HEP ADL queries
# (share/examples/adl/q1..q8) with
#   pocket-coffea                 one core (iterative) and all cores (futures)
#   uproot + awkward + hist       scripts/bench/uproot_dimuon.py, uproot_queries.py (.venv)
#   coffea 0.7 processor          scripts/bench/coffea_queries.py: NanoEvents, Runner, iterative and
#                                 futures executors, same chunks (.venv-reference, coffea 0.7.29)
#   ROOT RDataFrame               scripts/bench/rdf_queries.py: no implicit MT, and EnableImplicitMT on
#                                 all cores (.venv-bench-root, PyPI ROOT)
# Each side is timed as a whole process (start-up included), medians of REPEATS runs; every side's
# histograms are checked bin by bin against ours (MISMATCH when they differ). Prints events/s, the
# ratios ours / best other tool and against the pread+decompress floor (root-read-bench).
# A side that cannot be installed here is skipped with the reason printed; the rest still runs.
#
# Usage: scripts/bench-processor.sh [EVENTS] [REPEATS]
# Environment: BENCH_ANALYSES="dimuon q1 ... q8"  BENCH_COMPRESSIONS="zlib:1 zstd:5 lz4:4 lzma:9 none"
#              BENCH_RESULTS=FILE (every measurement as JSON)  BENCH_WORKERS (default: the core count)
#              BENCH_BUILD_LOCK=FILE (builds take this flock lock; for machines shared with other builds)
set -euo pipefail
cd "$(dirname "$0")/.."

events=${1:-1000000}
repeats=${2:-3}
chunk=100000
python=.venv/bin/python
coffea_venv=${COFFEA_VENV:-.venv-reference}
root_venv=${ROOT_VENV:-.venv-bench-root}

# On a machine shared with other builds, BENCH_BUILD_LOCK=FILE makes the builds take that flock(1) lock
# (leave it unset when the whole benchmark already runs under the lock).
build() {
    if [[ -n ${BENCH_BUILD_LOCK:-} ]]; then
        flock "$BENCH_BUILD_LOCK" scripts/build-release.sh --product "$1" >/dev/null
    else
        scripts/build-release.sh --product "$1" >/dev/null
    fi
}

scripts/install-test-deps.sh >/dev/null
build pocket-coffea
build root-read-bench

# coffea 0.7: the Python reference's venv (PocketCoffea 0.9.13 pulls coffea 0.7.29), plus the codecs
# uproot 4 needs for zstd and lz4 files.
coffea_args=()
coffea_unavailable() {
    echo "bench-processor: coffea cannot run here: $1; its columns are skipped." >&2
    coffea_args=(--coffea-missing "$1")
}
if [[ ! -x $coffea_venv/bin/python ]] && ! {
    echo "Installing pocket-coffea==0.9.13 (coffea 0.7.29) into $coffea_venv (once) ..."
    python3 -m venv "$coffea_venv" && "$coffea_venv/bin/pip" install --quiet --disable-pip-version-check "pocket-coffea==0.9.13"
}; then
    coffea_unavailable "'pip install pocket-coffea==0.9.13' into $coffea_venv failed"
elif ! "$coffea_venv/bin/python" -c 'import coffea, sys; sys.exit(not coffea.__version__.startswith("0.7"))' 2>/dev/null; then
    coffea_unavailable "$coffea_venv has no coffea 0.7"
elif ! "$coffea_venv/bin/python" -c 'import zstandard, xxhash, lz4.block' 2>/dev/null &&
    ! "$coffea_venv/bin/pip" install --quiet --disable-pip-version-check zstandard xxhash lz4; then
    coffea_unavailable "'pip install zstandard xxhash lz4' into $coffea_venv failed"
else
    coffea_args=(--coffea-python "$coffea_venv/bin/python")
fi

# ROOT from PyPI in the benchmark's own venv (never .venv: other tests own its packages).
root_args=()
root_check='import warnings; warnings.simplefilter("ignore"); import ROOT; ROOT.RDataFrame'
if ! "$root_venv/bin/python" -c "$root_check" 2>/dev/null; then
    echo "Installing PyPI ROOT into $root_venv (once) ..."
    if ! { python3 -m venv "$root_venv" && "$root_venv/bin/pip" install --quiet --disable-pip-version-check ROOT; }; then
        echo "bench-processor: 'pip install ROOT' into $root_venv failed; the RDataFrame columns are skipped." >&2
        root_args=(--root-missing "'pip install ROOT' failed")
    elif ! why=$("$root_venv/bin/python" -c "$root_check" 2>&1); then
        echo "bench-processor: ROOT installed but does not import: ${why##*$'\n'}; RDataFrame columns skipped." >&2
        root_args=(--root-missing "import ROOT fails: ${why##*$'\n'}")
    fi
fi
if [[ ${#root_args[@]} -eq 0 ]]; then
    root_args=(--root-python "$root_venv/bin/python")
fi

mkdir -p .bench
extra=()
[[ -n ${BENCH_ANALYSES:-} ]] && extra+=(--analyses "$BENCH_ANALYSES")
[[ -n ${BENCH_COMPRESSIONS:-} ]] && extra+=(--compressions "$BENCH_COMPRESSIONS")
[[ -n ${BENCH_RESULTS:-} ]] && extra+=(--results "$BENCH_RESULTS")
[[ -n ${BENCH_WORKERS:-} ]] && extra+=(--workers "$BENCH_WORKERS")
exec "$python" scripts/bench/processor_bench.py --root "$PWD" --bench-dir "$PWD/.bench" \
    --events "$events" --repeats "$repeats" --chunk "$chunk" \
    --ours .build/release/pocket-coffea --floor .build/release/root-read-bench --uproot-python "$python" \
    "${coffea_args[@]}" "${root_args[@]}" "${extra[@]}"
