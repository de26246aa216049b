// ROOTIO layer: one branch read over an entry range — flat (one or a fixed number of values per
// entry) or jagged (offsets into the content, as awkward-array's ListOffsetArray).

/// The values of one branch over a range of entries.
public struct Column: Sendable, Equatable {
    /// The branch name.
    public var name: String
    /// The leaf type.
    public var type: LeafType
    /// The number of entries read.
    public var entries: Int
    /// Values per entry of a flat column (1 for scalars, 3 for `x[3]`).
    public var length: Int
    /// For a jagged column, `entries + 1` offsets: entry `i` is `values[offsets[i]..<offsets[i+1]]`.
    /// 32-bit, as in awkward's ListOffsetArray32: a read holds fewer than 2^31 values per column.
    public var offsets: [Int32]?
    /// The content.
    public var values: ColumnValues

    public init(name: String, type: LeafType, entries: Int, length: Int = 1, offsets: [Int32]?, values: ColumnValues) {
        self.name = name
        self.type = type
        self.entries = entries
        self.length = length
        self.offsets = offsets
        self.values = values
    }

    /// Whether entries hold a variable number of values.
    public var isJagged: Bool { offsets != nil }

    /// The number of values of each entry.
    public var counts: [Int] {
        guard let offsets else { return Array(repeating: length, count: entries) }
        return zip(offsets.dropFirst(), offsets).map { Int($0 - $1) }
    }
}
