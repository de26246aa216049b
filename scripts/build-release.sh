#!/usr/bin/env bash
# The release build that `make release` and the benchmark scripts share: swift build -c release with the
# Swift runtime linked in statically (--static-swift-stdlib), so that
#   - the binary a jobs folder copies runs on batch nodes that have no Swift toolchain;
#   - a run starts ~10 ms sooner (fewer shared libraries to map and bind), which is most of the
#     wall time of a light analysis on one file.
# and linked as a position-dependent executable (-no-pie): the loader then has no 80,000 relative
# relocations to apply to the Swift metadata at every start (--version: 4.5 → 3.5 ms).
# Every caller passes the same flags, so the release build folder is never rebuilt for a change of flags.
#
#   scripts/build-release.sh [swift build arguments, e.g. --product root-read-bench]
set -euo pipefail
exec "${SWIFT:-swift}" build -c release --static-swift-stdlib -Xlinker -no-pie "$@"
