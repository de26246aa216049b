// ROOTIO layer: a column restricted to some of its entries, in its own type — what a skim writes
// (the events passing its cuts, with every value as read, bit for bit).

extension Column {
    /// The entries at `positions` (ascending or not), values kept in their leaf type.
    ///
    /// - Precondition: every position is an entry of the column.
    public func selecting(entries positions: [Int32]) -> Column {
        guard let offsets else {
            let picks = length == 1 ? positions : Self.expand(positions, length: length)
            return Column(
                name: name, type: type, entries: positions.count, length: length, offsets: nil,
                values: values.picking(picks))
        }
        var kept: [Int32] = [0]
        kept.reserveCapacity(positions.count + 1)
        var picks: [Int32] = []
        for entry in positions {
            let (start, end) = (offsets[Int(entry)], offsets[Int(entry) + 1])
            picks.append(contentsOf: start..<end)
            kept.append(kept[kept.count - 1] + end - start)
        }
        return Column(
            name: name, type: type, entries: positions.count, length: length, offsets: kept,
            values: values.picking(picks))
    }

    /// The value positions of entries `positions` of a flat column with `length` values per entry.
    private static func expand(_ positions: [Int32], length: Int) -> [Int32] {
        var picks: [Int32] = []
        picks.reserveCapacity(positions.count * length)
        let width = Int32(length)
        for entry in positions { picks.append(contentsOf: entry * width..<(entry + 1) * width) }
        return picks
    }
}

extension ColumnValues {
    /// The values at `positions`, in their own type.
    ///
    /// - Precondition: every position is a valid index.
    public func picking(_ positions: [Int32]) -> ColumnValues {
        switch self {
        case .bool(let values): .bool(Self.pick(values, positions))
        case .int8(let values): .int8(Self.pick(values, positions))
        case .uint8(let values): .uint8(Self.pick(values, positions))
        case .int16(let values): .int16(Self.pick(values, positions))
        case .uint16(let values): .uint16(Self.pick(values, positions))
        case .int32(let values): .int32(Self.pick(values, positions))
        case .uint32(let values): .uint32(Self.pick(values, positions))
        case .int64(let values): .int64(Self.pick(values, positions))
        case .uint64(let values): .uint64(Self.pick(values, positions))
        case .float32(let values): .float32(Self.pick(values, positions))
        case .float64(let values): .float64(Self.pick(values, positions))
        case .string(let values): .string(positions.map { values[Int($0)] })
        }
    }

    private static func pick<T: BitwiseCopyable>(_ values: [T], _ positions: [Int32]) -> [T] {
        values.withUnsafeBufferPointer { source in
            [T](unsafeUninitializedCapacity: positions.count) { target, initialized in
                for (slot, position) in positions.enumerated() { target[slot] = source[Int(position)] }
                initialized = positions.count
            }
        }
    }
}
