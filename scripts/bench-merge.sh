#!/usr/bin/env bash
# Benchmark: merge-outputs of 5,000 realistic job outputs, pocket-coffea (UHI zip, the condor jobs'
# default, and UHI JSON) against the Python reference (PocketCoffea 0.9.13, PyPI; coffea outputs) on the
# same content written in every format.
# Prints wall time, CPU time, peak RSS, input size and outputs/s per side (medians), with reference/ours
# ratios, then checks that both merged files hold the same totals.
#
#   scripts/bench-merge.sh            (or: make bench-merge, which builds in release mode first)
#
# Environment:
#   BENCH_JOBS=5000         job outputs to merge        BENCH_SEED=1     seed of the generated content
#   BENCH_RUNS=3            timed runs per side         BENCH_WARMUP=1   untimed warm-up runs per side
#   BENCH_SKIP_REFERENCE=1  run ours only               POCKET_COFFEA_BIN=.build/release/pocket-coffea
#   BENCH_FORMATS=zip,json  our output formats to time
#   REFERENCE_VENV=.venv-reference   where PocketCoffea 0.9.13 is installed (created when missing)
#   PYTHON=python3          the Python that creates the venv
#   BENCH_CACHE=.bench/merge   generated inputs, one folder per (jobs, seed, generator version); the
#                              default 5,000 take ~20 GB (11 GB UHI JSON, 5 GB zip, 4 GB coffea) and
#                              ~15 min once
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${POCKET_COFFEA_BIN:-$root/.build/release/pocket-coffea}
venv=${REFERENCE_VENV:-$root/.venv-reference}
python=${PYTHON:-python3}
cache=${BENCH_CACHE:-$root/.bench/merge}
jobs=${BENCH_JOBS:-5000}
seed=${BENCH_SEED:-1}
reference_version=0.9.13

if [[ ! -x $bin ]]; then
    echo "bench-merge: $bin not found; build it with 'make release' (scripts/build-release.sh)" >&2
    exit 1
fi
if ! [[ $jobs =~ ^[1-9][0-9]*$ && $seed =~ ^[0-9]+$ ]]; then
    echo "bench-merge: BENCH_JOBS must be a positive integer and BENCH_SEED a non-negative one" >&2
    exit 1
fi

# GNU time measures each run's peak RSS and CPU time.
if [[ ! -x /usr/bin/time ]]; then
    echo "Installing GNU time (once) ..."
    if ! { apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }; }; then
        echo "bench-merge: /usr/bin/time is missing and 'apt-get install time' failed; install GNU time" >&2
        exit 1
    fi
fi

# The Python reference in its own venv: it also writes the inputs (coffea, hist) and checks the results.
if [[ ! -x $venv/bin/merge-outputs ]]; then
    echo "Installing pocket-coffea==$reference_version into $venv (once) ..."
    if ! { "$python" -m venv "$venv" && "$venv/bin/pip" install --quiet "pocket-coffea==$reference_version"; }; then
        echo "bench-merge: 'pip install pocket-coffea==$reference_version' into $venv failed; the inputs" \
            "need its coffea and hist" >&2
        exit 1
    fi
fi
if ! installed=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pocket-coffea"))'); then
    echo "bench-merge: $venv has no pocket-coffea (delete $venv to reinstall)" >&2
    exit 1
fi
if [[ $installed != "$reference_version" ]]; then
    echo "bench-merge: $venv holds pocket-coffea $installed, not $reference_version (delete $venv to reinstall)" >&2
    exit 1
fi
ref_args=(--ref-merge "$venv/bin/merge-outputs")
if [[ ${BENCH_SKIP_REFERENCE:-0} == 1 ]]; then
    ref_args=(--ref-missing "BENCH_SKIP_REFERENCE=1")
fi

generator=("$venv/bin/python" "$root/scripts/bench/make_merge_outputs.py" --root "$cache" --jobs "$jobs" --seed "$seed")
inputs=$("${generator[@]}" --print-dir)
"${generator[@]}"
"$venv/bin/python" "$root/scripts/bench/convert_outputs.py" --inputs "$inputs" --ours "$bin"

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-merge.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$venv/bin/python" "$root/scripts/bench/measure_merge.py" --inputs "$inputs" --workdir "$work" --ours "$bin" \
    --runs "${BENCH_RUNS:-3}" --warmup "${BENCH_WARMUP:-1}" --summary "$work/summary.json" \
    --formats "${BENCH_FORMATS:-zip,json}" "${ref_args[@]}"

echo
if [[ -f $work/reference-merged.coffea ]]; then
    IFS=, read -r -a formats <<<"${BENCH_FORMATS:-zip,json}"
    for format in "${formats[@]}"; do
        extension=$format
        [[ $format == json ]] && extension=uhi.json
        echo "Equality check, $format:"
        "$venv/bin/python" "$root/scripts/bench/compare_merged.py" "$inputs/params.json" \
            "$work/ours-merged.$extension" "$work/reference-merged.coffea" "$work/ours-jc-merged.$extension"
    done
else
    echo "Equality check skipped: the reference did not run."
fi
