// ROOTIO writer: a TTree being written — its branches, the batches of entries appended to it, and
// the clusters: every branch's pending basket is written together once any of them reaches the
// basket size, so that all branches share basket boundaries, as NanoAOD's auto-flushed clusters do.

import Compression

/// A TTree of a ``ROOTFileWriter``, filled by appending batches of columns.
///
/// Each batch holds one ``Column`` per branch, all with the same number of entries, in the shapes
/// ``TTree/read(_:entries:)`` returns: flat values, or jagged values plus `entries + 1` offsets.
/// A counter branch (`nMuon`) holds each entry's count of its jagged branches (`Muon_pt`).
public final class TreeWriter {
    /// fEntryOffsetLen of jagged branches (ROOT's default, fDefaultEntryOffsetLen).
    static let entryOffsetLength = 1000

    /// The tree's name and title.
    public let name: String
    public let title: String
    /// The branches, in file order.
    public let branches: [BranchDescription]
    /// The basket size target in bytes (fBasketSize).
    public let basketSize: Int
    /// Entries appended so far.
    public private(set) var entries: Int64 = 0
    /// The number of entries of each cluster written so far.
    private(set) var clusters: [Int64] = []
    let buffers: [BranchBuffer]
    private let index: [String: Int]
    private unowned let file: ROOTFileWriter

    init(
        file: ROOTFileWriter, name: String, title: String, branches: [BranchDescription], basketSize: Int
    ) throws(ROOTWriteError) {
        guard !name.isEmpty, !name.contains("/") else {
            throw ROOTWriteError(.invalidDeclaration, "tree name '\(name)': use a non-empty name without '/'")
        }
        guard basketSize > 0 else {
            throw ROOTWriteError(.invalidDeclaration, "tree '\(name)': basket size \(basketSize) must be positive")
        }
        var index: [String: Int] = [:]
        let counters = Set(branches.compactMap(\.counter))
        for (position, branch) in branches.enumerated() {
            try Self.check(branch, in: name, declared: index, branches: branches)
            index[branch.name] = position
        }
        self.file = file
        self.name = name
        self.title = title
        self.branches = branches
        self.basketSize = basketSize
        self.index = index
        var buffers: [BranchBuffer] = []
        for branch in branches { buffers.append(try BranchBuffer(branch, isCounter: counters.contains(branch.name))) }
        self.buffers = buffers
    }

    private static func check(
        _ branch: BranchDescription, in tree: String, declared: [String: Int], branches: [BranchDescription]
    ) throws(ROOTWriteError) {
        _ = try branch.leafClass
        guard !branch.name.isEmpty, declared[branch.name] == nil else {
            throw ROOTWriteError(
                .invalidDeclaration, "tree '\(tree)': branch name '\(branch.name)' is empty or declared twice")
        }
        guard branch.length >= 1 else {
            throw ROOTWriteError(
                .invalidDeclaration, "branch '\(branch.name)': length \(branch.length) must be 1 or more")
        }
        guard let counter = branch.counter else { return }
        guard branch.length == 1 else {
            throw ROOTWriteError(
                .unsupportedType, "branch '\(branch.name)': jagged fixed-size arrays ([\(counter)][n]) are not written")
        }
        guard let position = declared[counter] else {
            throw ROOTWriteError(
                .invalidDeclaration,
                "branch '\(branch.name)' counts with '\(counter)', which is not declared before it; "
                    + "declare the counter branch first")
        }
        let counterBranch = branches[position]
        guard counterBranch.counter == nil, counterBranch.length == 1,
            ![.bool, .float32, .float64].contains(counterBranch.type)
        else {
            throw ROOTWriteError(
                .invalidDeclaration,
                "branch '\(branch.name)' counts with '\(counter)', which is not an integer scalar branch")
        }
    }

    // MARK: - Appending

    /// Appends one batch: a column per branch, each with the same number of entries.
    ///
    /// - Throws: ``ROOTWriteError`` `.columnMismatch` or `.malformedColumn` when the batch does not fit the
    ///   branches (nothing of it is written then); `.io` or `.compression` when a basket cannot be written.
    public func append(_ columns: [Column]) throws(ROOTWriteError) {
        let ordered = try batch(columns)
        let count = ordered.first?.entries ?? 0
        var start = 0
        while start < count {
            let end = clusterEnd(ordered, from: start, count: count)
            for (buffer, column) in zip(buffers, ordered) { buffer.append(column, entries: start..<end) }
            entries += Int64(end - start)
            start = end
            if buffers.contains(where: { $0.pendingBytes >= basketSize }) { try flush() }
        }
    }

    /// Writes every branch's pending basket now, ending a cluster.
    ///
    /// - Throws: ``ROOTWriteError`` `.io` or `.compression`.
    public func flush() throws(ROOTWriteError) {
        guard let pending = buffers.first?.pendingEntries, pending > 0 else { return }
        let datime = KeyRecord.datime(file.now)
        for buffer in buffers {
            let seek = file.position
            let record = try BasketRecord(
                buffer, tree: name, seek: seek, compressor: file.compressor, datime: datime)
            try file.append(record.bytes)
            buffer.basketBytes.append(Int32(record.bytes.count))
            buffer.basketEntry.append(entries - Int64(pending))
            buffer.basketSeek.append(seek)
            buffer.totalBytes += Int64(record.uncompressedBytes)
            buffer.zippedBytes += Int64(record.bytes.count)
            buffer.clearPending()
        }
        clusters.append(Int64(pending))
    }

    /// The end of the entries from `start` that fit before some branch reaches the basket size.
    private func clusterEnd(_ columns: [Column], from start: Int, count: Int) -> Int {
        var end = count
        for (buffer, column) in zip(buffers, columns) {
            let room = basketSize - buffer.pendingBytes
            guard buffer.bytes(of: column, entries: start..<end) >= room else { continue }
            var low = start + 1
            var high = end
            while low < high {
                let middle = (low + high) / 2
                if buffer.bytes(of: column, entries: start..<middle) >= room { high = middle } else { low = middle + 1 }
            }
            end = low
        }
        return end
    }
}
