// ROOTIO layer: the counter branches of jagged branches (`nMuon` for `Muon_pt`). Each is read once per
// read, over the baskets its jagged branches need; its prefix sums place every basket's values, and
// its element offsets are shared by all of its jagged columns.

extension ColumnReader {
    func counterBranch(_ name: String) throws(ROOTFormatError) -> Branch {
        let counter = try tree.branch(name)
        let integer: Set<LeafType> = [.int8, .uint8, .int16, .uint16, .int32, .uint32, .int64]
        guard counter.counter == nil, counter.length == 1, integer.contains(counter.type) else {
            throw ROOTFormatError(.unsupported, "counter branch '\(name)' is not a scalar integer branch")
        }
        return counter
    }

    /// Reads `counter` over `span` and keeps its prefix sums and the element offsets of `range` (the
    /// same array when `range` is `span`, as when chunks follow basket boundaries); the column itself
    /// too when `span` is `range`, for a read that asks for the counter as well.
    mutating func prepareCounter(_ counter: Branch, span: Range<Int64>, range: Range<Int64>) throws {
        guard span.upperBound <= counter.entries else {
            throw ROOTFormatError(.malformed, "counter '\(counter.name)' has fewer entries than its branches")
        }
        let column = try column(counter, range: span)
        let sums: [Int32]?
        switch column.values {
        case .int8(let values): sums = Self.prefixSums(values)
        case .uint8(let values): sums = Self.prefixSums(values)
        case .int16(let values): sums = Self.prefixSums(values)
        case .uint16(let values): sums = Self.prefixSums(values)
        case .int32(let values): sums = Self.prefixSums(values)
        case .uint32(let values): sums = Self.prefixSums(values)
        case .int64(let values): sums = Self.prefixSums(values)
        default: throw ROOTFormatError(.unsupported, "counter branch '\(counter.name)' is not an integer branch")
        }
        guard let sums else {
            throw ROOTFormatError(.malformed, "counter '\(counter.name)' has negative or too many values")
        }
        prefixes[counter.name] = (span, sums)
        guard span != range else {
            elementOffsets[counter.name] = sums
            counterColumns[counter.name] = column
            return
        }
        let lower = Int(range.lowerBound - span.lowerBound)
        let base = sums[lower]
        elementOffsets[counter.name] = sums[lower...(lower + range.count)].map { $0 - base }
    }

    /// `values.count + 1` running totals starting at 0, or `nil` if a value is negative or too large.
    ///
    /// The total must not pass `Int32.max` (column offsets are 32-bit). Each value is checked to lie
    /// in 0...Int32.max, so the 64-bit total cannot wrap around.
    private static func prefixSums<Count: FixedWidthInteger>(_ values: [Count]) -> [Int32]? {
        var outside: Int64 = 0
        var total: Int64 = 0
        let sums = values.withUnsafeBufferPointer { counts in
            [Int32](unsafeUninitializedCapacity: counts.count + 1) { target, initialized in
                target[0] = 0
                for index in 0..<counts.count {
                    let count = Int64(truncatingIfNeeded: counts[index])
                    outside |= count >> 31
                    total &+= count
                    target[index + 1] = Int32(truncatingIfNeeded: total)
                }
                initialized = counts.count + 1
            }
        }
        return outside != 0 || total > Int64(Int32.max) ? nil : sums
    }
}
