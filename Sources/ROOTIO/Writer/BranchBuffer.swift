// ROOTIO writer: one branch's entries waiting for their basket, already in ROOT's big-endian form,
// and the record of the baskets written so far (fBasketBytes, fBasketEntry, fBasketSeek, sizes).

/// A branch of a tree being written.
final class BranchBuffer {
    let description: BranchDescription
    /// The TLeaf class of its one leaf.
    let leafClass: String
    /// The pending basket's data region.
    var data: [UInt8] = []
    /// For a jagged branch, the byte offset in `data` at which each pending entry starts.
    var entryStarts: [Int32] = []
    var pendingEntries = 0
    /// fBasketBytes, fBasketEntry (first entry of each basket) and fBasketSeek of written baskets.
    var basketBytes: [Int32] = []
    var basketEntry: [Int64] = []
    var basketSeek: [Int64] = []
    /// fTotBytes and fZipBytes.
    var totalBytes: Int64 = 0
    var zippedBytes: Int64 = 0
    /// The largest value of a counter branch (fMaximum of its leaf); `nil` for other branches.
    var maximum: Int64?

    init(_ description: BranchDescription, isCounter: Bool) throws(ROOTWriteError) {
        self.description = description
        leafClass = try description.leafClass
        maximum = isCounter ? 0 : nil
    }

    var isJagged: Bool { description.counter != nil }

    /// Bytes the pending basket holds, its entry-offset table included.
    var pendingBytes: Int { data.count + 4 * entryStarts.count }

    /// Appends entries `range` of `column` (already validated against the description).
    func append(_ column: Column, entries range: Range<Int>) {
        guard !range.isEmpty else { return }
        let values: Range<Int>
        if let offsets = column.offsets {
            let base = data.count - Int(offsets[range.lowerBound]) * description.type.size
            for entry in range { entryStarts.append(Int32(base + Int(offsets[entry]) * description.type.size)) }
            values = Int(offsets[range.lowerBound])..<Int(offsets[range.upperBound])
        } else {
            values = range.lowerBound * description.length..<range.upperBound * description.length
        }
        column.values.appendBigEndian(values, to: &data)
        if let maximum { self.maximum = max(maximum, column.values.largestInteger(in: values)) }
        pendingEntries += range.count
    }

    /// Bytes entries `range` of `column` add to the pending basket.
    func bytes(of column: Column, entries range: Range<Int>) -> Int {
        guard let offsets = column.offsets else { return range.count * description.entrySize }
        let values = Int(offsets[range.upperBound]) - Int(offsets[range.lowerBound])
        return values * description.type.size + 4 * range.count
    }

    func clearPending() {
        data.removeAll(keepingCapacity: true)
        entryStarts.removeAll(keepingCapacity: true)
        pendingEntries = 0
    }
}
