import Foundation
import ROOTIO
import Testing

/// Columns of every leaf type, flat and jagged, for writer tests: deterministic values with negative
/// numbers, extremes and empty lists.
enum WrittenColumns {
    static let types: [LeafType] = [
        .bool, .int8, .uint8, .int16, .uint16, .int32, .uint32, .int64, .uint64, .float32, .float64,
    ]

    /// The branches: every flat type, `nObj` (uint32), every jagged type counted by it, a `fixed3[3]` float.
    static let branches: [BranchDescription] =
        types.map { BranchDescription(name: "flat_\($0.rawValue)", type: $0) }
        + [BranchDescription(name: "nObj", type: .uint32)]
        + types.map { BranchDescription(name: "Obj_\($0.rawValue)", type: $0, counter: "nObj") }
        + [BranchDescription(name: "fixed3", type: .float32, length: 3)]

    /// Values `first..<first + count` of `type`.
    static func values(_ type: LeafType, _ range: Range<Int>) -> ColumnValues {
        switch type {
        case .bool: .bool(range.map { $0 % 3 == 0 })
        case .int8: .int8(range.map { Int8(truncatingIfNeeded: $0 * 7 - 128) })
        case .uint8: .uint8(range.map { UInt8(truncatingIfNeeded: $0 * 11) })
        case .int16: .int16(range.map { Int16(truncatingIfNeeded: $0 * 977 - 32768) })
        case .uint16: .uint16(range.map { UInt16(truncatingIfNeeded: $0 * 1031) })
        case .int32: .int32(range.map { Int32(truncatingIfNeeded: $0 * 1_000_003 - 2_000_000_000) })
        case .uint32: .uint32(range.map { UInt32(truncatingIfNeeded: $0 * 2_654_435_761) })
        case .int64: .int64(range.map { Int64($0) * 1_000_000_007 - (1 << 40) })
        case .uint64: .uint64(range.map { UInt64($0) * 3_000_000_019 + (1 << 41) })
        case .float32: .float32(range.map { Float($0) * 0.25 - 100.5 })
        default: .float64(range.map { Double($0) * 1.0e-3 - 7.125 })
        }
    }

    /// One batch of `entries` entries starting at entry `first`: entry i has i % 5 objects (0 to 4).
    static func batch(first: Int, entries: Int) -> [Column] {
        let counts = (first..<first + entries).map { $0 % 5 }
        var offsets: [Int32] = [0]
        for count in counts { offsets.append(offsets[offsets.count - 1] + Int32(count)) }
        let valueStart = (0..<first).reduce(0) { $0 + $1 % 5 }
        let total = Int(offsets[offsets.count - 1])
        return types.map {
            Column(
                name: "flat_\($0.rawValue)", type: $0, entries: entries, offsets: nil,
                values: values($0, first..<first + entries))
        }
            + [
                Column(
                    name: "nObj", type: .uint32, entries: entries, offsets: nil,
                    values: .uint32(counts.map(UInt32.init)))
            ]
            + types.map {
                Column(
                    name: "Obj_\($0.rawValue)", type: $0, entries: entries, offsets: offsets,
                    values: values($0, valueStart..<valueStart + total))
            }
            + [
                Column(
                    name: "fixed3", type: .float32, entries: entries, length: 3, offsets: nil,
                    values: values(.float32, 3 * first..<3 * (first + entries)))
            ]
    }

    /// The batches `sizes` concatenated into one column per branch.
    static func expected(_ sizes: [Int]) -> [String: Column] {
        batch(first: 0, entries: sizes.reduce(0, +)).reduce(into: [:]) { $0[$1.name] = $1 }
    }
}
