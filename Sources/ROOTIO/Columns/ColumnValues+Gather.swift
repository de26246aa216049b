// ROOTIO: values of a column picked by position and converted to Double in one pass — what a frame
// restricted to the events passing cuts needs, without converting the whole column first.

extension ColumnValues {
    /// The values at `positions`, as Doubles (strings give no values).
    ///
    /// - Precondition: every position is a valid index.
    public func doubles(at positions: [Int32]) -> [Double] {
        switch self {
        case .bool(let values): Self.gather(values, positions) { $0 ? 1 : 0 }
        case .int8(let values): Self.gather(values, positions) { Double($0) }
        case .uint8(let values): Self.gather(values, positions) { Double($0) }
        case .int16(let values): Self.gather(values, positions) { Double($0) }
        case .uint16(let values): Self.gather(values, positions) { Double($0) }
        case .int32(let values): Self.gather(values, positions) { Double($0) }
        case .uint32(let values): Self.gather(values, positions) { Double($0) }
        case .int64(let values): Self.gather(values, positions) { Double($0) }
        case .uint64(let values): Self.gather(values, positions) { Double($0) }
        case .float32(let values): Self.gather(values, positions) { Double($0) }
        case .float64(let values): Self.gather(values, positions) { $0 }
        case .string: []
        }
    }

    @inline(__always)
    private static func gather<T>(_ values: [T], _ positions: [Int32], _ convert: (T) -> Double) -> [Double] {
        values.withUnsafeBufferPointer { source in
            positions.withUnsafeBufferPointer { picks in
                [Double](unsafeUninitializedCapacity: picks.count) { target, initialized in
                    for slot in 0..<picks.count { target[slot] = convert(source[Int(picks[slot])]) }
                    initialized = picks.count
                }
            }
        }
    }
}
