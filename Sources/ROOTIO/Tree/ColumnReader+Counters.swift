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

    /// Reads `counter` over `span` and keeps its prefix sums and the element offsets of `range`; the
    /// column itself too when `span` is `range`, for a read that asks for the counter as well.
    mutating func prepareCounter(_ counter: Branch, span: Range<Int64>, range: Range<Int64>) throws {
        guard span.upperBound <= counter.entries else {
            throw ROOTFormatError(.malformed, "counter '\(counter.name)' has fewer entries than its branches")
        }
        let column = try column(counter, range: span)
        let sums: [Int64]?
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
        let lower = Int(range.lowerBound - span.lowerBound)
        guard let sums, sums[lower + range.count] - sums[lower] <= Int64(Int32.max) else {
            throw ROOTFormatError(.malformed, "counter '\(counter.name)' has negative or too many values")
        }
        let base = sums[lower]
        elementOffsets[counter.name] = sums.withUnsafeBufferPointer { sums in
            [Int32](unsafeUninitializedCapacity: range.count + 1) { target, initialized in
                for index in 0...range.count { target[index] = Int32(truncatingIfNeeded: sums[lower + index] &- base) }
                initialized = range.count + 1
            }
        }
        prefixes[counter.name] = (span, sums)
        if span == range { counterColumns[counter.name] = column }
    }

    /// `values.count + 1` running totals, starting at 0, or `nil` when a value is negative.
    private static func prefixSums<Count: FixedWidthInteger>(_ values: [Count]) -> [Int64]? {
        var smallest: Int64 = 0
        let sums = values.withUnsafeBufferPointer { counts in
            [Int64](unsafeUninitializedCapacity: counts.count + 1) { target, initialized in
                var total: Int64 = 0
                target[0] = 0
                for index in 0..<counts.count {
                    let count = Int64(truncatingIfNeeded: counts[index])
                    smallest = min(smallest, count)
                    total &+= count
                    target[index + 1] = total
                }
                initialized = counts.count + 1
            }
        }
        return smallest < 0 ? nil : sums
    }
}
