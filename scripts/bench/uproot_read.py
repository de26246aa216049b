#!/usr/bin/env python3
"""The Python side of scripts/bench-root-read.sh: times uproot reading the same branches as
root-read-bench (same chunks), and the C-library floor (pread of each basket plus its decompression
with Python's zlib / lzma and the lz4 / zstandard bindings uproot uses). Prints one JSON object.

Usage: uproot_read.py FILE REPEATS CHUNK BRANCH[,BRANCH...]"""
import json
import os
import statistics
import sys
import time

import uproot


def read_uproot(path, branches, chunk):
    tree = uproot.open(path)["Events"]
    for start in range(0, tree.num_entries, chunk):
        tree.arrays(branches, entry_start=start, entry_stop=min(tree.num_entries, start + chunk), library="ak")
    return tree.num_entries


def read_floor(path, branches):
    tree = uproot.open(path)["Events"]
    total = 0
    with open(path, "rb") as raw:
        descriptor = raw.fileno()
        for name in branches:
            branch = tree[name]
            for index in range(branch.num_baskets):
                seek = int(branch.member("fBasketSeek")[index])
                size = int(branch.member("fBasketBytes")[index])
                record = os.pread(descriptor, size, seek)
                key_length = int.from_bytes(record[14:16], "big")
                object_length = int.from_bytes(record[6:10], "big")
                payload = record[key_length:]
                if len(payload) != object_length:
                    payload = uproot.compression.decompress(
                        uproot.source.chunk.Chunk.wrap(None, payload), uproot.source.cursor.Cursor(0), {},
                        len(payload), object_length)
                total += object_length
    return total


def median_time(work, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(path, repeats, chunk, branches):
    report = {
        "uproot_seconds": median_time(lambda: read_uproot(path, branches, chunk), repeats),
        "c_floor_seconds": median_time(lambda: read_floor(path, branches), repeats),
        "uproot_version": uproot.__version__,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(","))
