// ROOTIO writer: the TTree (v20) record with its TBranch (v13) and TLeaf records, streamed as ROOT
// does (docs/specs/root_format.md §6–8), and the cluster ranges that tell ROOT where clusters end.

extension TreeWriter {
    /// TIOFeatures as ROOT streams it: byte count, version 0, the class checksum, fIOBits = 0.
    private static let ioFeatures: [UInt8] = [0x40, 0, 0, 7, 0, 0, 0x1A, 0xA1, 0x2F, 0x10, 0]
    /// TObject::fBits of a TBranch: kDoNotUseBufferMap (its baskets hold no object references).
    private static let branchBits: UInt32 = ObjectWriter.objectBits | 0x0040_0000

    /// The TTree payload, for a key `keyLength` bytes long.
    func record(keyLength: Int, compression: Int) -> [UInt8] {
        var writer = ObjectWriter(origin: keyLength)
        let totalBytes = buffers.reduce(0) { $0 + $1.totalBytes }
        let zippedBytes = buffers.reduce(0) { $0 + $1.zippedBytes }
        let ranges = clusterRanges
        writer.object(version: 20) { writer in
            writer.tNamed(name, title)
            writer.object(version: 2) { writer in
                for value: Int16 in [602, 1, 1] { writer.buffer.i16(value) }
            }
            writer.object(version: 2) { writer in
                writer.buffer.i16(0)
                writer.buffer.i16(1001)
            }
            writer.object(version: 2) { writer in
                writer.buffer.i16(1)
                writer.buffer.i16(1)
                writer.buffer.f32(1)
            }
            for value in [entries, totalBytes, zippedBytes, zippedBytes, zippedBytes] { writer.buffer.i64(value) }
            writer.buffer.f64(1)
            for value in [0, 25, 0, Self.entryOffsetLength, ranges.count] { writer.buffer.i32(value) }
            let autoFlush = ranges.last?.size ?? -30_000_000
            for value in [1_000_000_000_000, 1_000_000_000_000, 0, -300_000_000, autoFlush, 1_000_000] {
                writer.buffer.i64(value)
            }
            writer.flaggedArray(ranges.map(\.lastEntry))
            writer.flaggedArray(ranges.map(\.size))
            writer.buffer.append(Self.ioFeatures)
            var leafTags: [String: UInt32] = [:]
            writer.objArray(count: buffers.count) { writer in
                for buffer in buffers {
                    leafTags[buffer.description.name] = branch(buffer, into: &writer, leafTags: leafTags, compression)
                }
            }
            writer.objArray(count: buffers.count) { writer in
                for buffer in buffers { writer.reference(leafTags[buffer.description.name] ?? 0) }
            }
            // fAliases, fIndexValues (TArrayD, n = 0), fIndex (TArrayI, n = 0), fTreeIndex, fFriends,
            // fUserInfo, fBranchRef.
            for _ in 0..<7 { writer.buffer.u32(0) }
        }
        return writer.buffer.bytes
    }

    /// A TBranch (v13): header fields, its one leaf, and the basket tables with one spare slot (ROOT
    /// reads fBasketEntry[fWriteBasket] as the end of the last basket). Returns the leaf's tag.
    private func branch(
        _ buffer: BranchBuffer, into writer: inout ObjectWriter, leafTags: [String: UInt32], _ compression: Int
    ) -> UInt32 {
        let branch = buffer.description
        let baskets = buffer.basketSeek.count
        var leafTag: UInt32 = 0
        writer.newObject("TBranch") { writer in
            writer.object(version: 13) { writer in
                writer.tNamed(branch.name, branch.title, bits: Self.branchBits)
                writer.object(version: 2) { writer in
                    writer.buffer.i16(0)
                    writer.buffer.i16(1001)
                }
                writer.buffer.i32(compression)
                writer.buffer.i32(basketSize)
                writer.buffer.i32(buffer.isJagged ? Self.entryOffsetLength : 0)
                writer.buffer.i32(baskets)
                writer.buffer.i64(entries)
                writer.buffer.append(Self.ioFeatures)
                for value in [0, baskets + 1, 0] { writer.buffer.i32(value) }
                for value in [entries, 0, buffer.totalBytes, buffer.zippedBytes] { writer.buffer.i64(value) }
                writer.objArray(count: 0) { _ in }
                writer.objArray(count: 1) { writer in
                    leafTag = writer.leaf(buffer, counterTag: branch.counter.flatMap { leafTags[$0] })
                }
                writer.objArray(count: 0) { _ in }
                writer.flaggedArray(buffer.basketBytes + [0])
                writer.flaggedArray(buffer.basketEntry + [entries])
                writer.flaggedArray(buffer.basketSeek + [0])
                writer.buffer.string("")
            }
        }
        return leafTag
    }

    /// Runs of equal-sized clusters: (fClusterRangeEnd, fClusterSize) pairs. A range may end with one
    /// shorter cluster, as ROOT's cluster iterator allows.
    var clusterRanges: [(lastEntry: Int64, size: Int64)] {
        var ranges: [(lastEntry: Int64, size: Int64)] = []
        var first: Int64 = 0
        var open = false
        for cluster in clusters {
            if open, let last = ranges.last, cluster <= last.size {
                ranges[ranges.count - 1].lastEntry += cluster
                open = cluster == last.size
            } else {
                ranges.append((first + cluster - 1, cluster))
                open = true
            }
            first += cluster
        }
        return ranges
    }
}
