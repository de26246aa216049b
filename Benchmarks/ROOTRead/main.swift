// Benchmark: reading the branches of a dimuon analysis from a ROOT file into typed column buffers,
// against the floor of that work (pread of the same baskets plus their decompression, no decoding).
// scripts/bench-root-read.sh runs it beside uproot on the same files and prints the ratios.
//
// Usage: root-read-bench FILE [--repeat N] [--branches a,b,c] [--chunk ENTRIES] [--zlib-floor]
// Branches are read chunk by chunk, as the processor reads them (default 100,000 entries), with
// freed buffers kept for the next chunk as the processor does (--fresh-memory: glibc defaults).
// The floor decompresses as the reader does (ZLIB blocks with libdeflate); --zlib-floor also times it
// with zlib's inflate, as ROOT and uproot decompress ZLIB blocks ("zlib_floor_seconds").
// Prints one JSON object: medians in seconds, events, uncompressed bytes of the branches.

import Compression
import Foundation
import ROOTIO

let defaultBranches = [
    "nMuon", "Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass", "Muon_charge", "Muon_tightId", "genWeight",
]

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(index...index + 1) }
    return arguments[index + 1]
}
let repeats = Int(option("--repeat") ?? "5") ?? 5
let chunkEntries = Int64(option("--chunk") ?? "100000") ?? 100_000
let branches = option("--branches")?.split(separator: ",").map(String.init) ?? defaultBranches
guard let path = arguments.first else {
    FileHandle.standardError.write(
        Data("usage: root-read-bench FILE [--repeat N] [--branches a,b] [--chunk N] [--zlib-floor]\n".utf8))
    exit(2)
}

func seconds(_ work: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try work()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// The floor: pread of every basket of `branches` and its decompression, nothing else. Returns the
/// uncompressed bytes.
func readFloor(_ path: String, _ branches: [String], inflater: Decompressor.ZlibInflater) throws -> Int {
    let file = try ROOTFile(url: path)
    let tree = try file.tree("Events")
    let decompressor = Decompressor(zlibInflater: inflater)
    var buffer: [UInt8] = []
    var total = 0
    for name in branches {
        for range in try tree.branch(name).basketRecords {
            let record = try file.source.read(range)
            let objectLength = Int(
                UInt32(record[6]) << 24 | UInt32(record[7]) << 16 | UInt32(record[8]) << 8
                    | UInt32(record[9]))
            let keyLength = Int(UInt16(record[14]) << 8 | UInt16(record[15]))
            if buffer.count < objectLength { buffer = [UInt8](repeating: 0, count: objectLength) }
            try record.withUnsafeBytes { raw in
                let stored = UnsafeRawBufferPointer(rebasing: raw[keyLength...])
                try buffer.withUnsafeMutableBytes { output in
                    let target = UnsafeMutableRawBufferPointer(rebasing: output[0..<objectLength])
                    if stored.count == objectLength {
                        target.copyMemory(from: stored)
                    } else {
                        try decompressor.decompress(stored, into: target)
                    }
                }
            }
            total += objectLength
        }
    }
    return total
}

if !arguments.contains("--fresh-memory") { MemoryReuse.keepFreedBuffers() }
arguments.removeAll { $0 == "--fresh-memory" }
let zlibFloor = arguments.contains("--zlib-floor")
arguments.removeAll { $0 == "--zlib-floor" }
do {
    var ours: [Double] = []
    var floor: [Double] = []
    var zlibFloors: [Double] = []
    var events: Int64 = 0
    var uncompressed = 0
    for _ in 0..<repeats {
        ours.append(
            try seconds {
                let tree = try ROOTFile(url: path).tree("Events")
                var start: Int64 = 0
                while start < tree.entries {
                    let end = min(tree.entries, start + chunkEntries)
                    let columns = try tree.read(branches, entries: start..<end)
                    precondition(columns.count == branches.count)
                    start = end
                }
                events = tree.entries
            })
        floor.append(try seconds { uncompressed = try readFloor(path, branches, inflater: .libdeflate) })
        if zlibFloor { zlibFloors.append(try seconds { _ = try readFloor(path, branches, inflater: .zlib) }) }
    }
    var report: [String: Any] = [
        "file": path, "events": events, "uncompressed_bytes": uncompressed, "repeats": repeats,
        "ours_seconds": median(ours), "floor_seconds": median(floor),
    ]
    if zlibFloor { report["zlib_floor_seconds"] = median(zlibFloors) }
    let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("root-read-bench: \(error)\n".utf8))
    exit(1)
}
