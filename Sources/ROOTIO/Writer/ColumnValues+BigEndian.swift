// ROOTIO writer: column values turned back into ROOT's big-endian bytes, the inverse of ValueSink.

extension ColumnValues {
    /// Appends values `range` to `bytes`, big-endian (bools as one byte each).
    func appendBigEndian(_ range: Range<Int>, to bytes: inout [UInt8]) {
        func append<Values: Collection>(_ values: Values) where Values.Element: FixedWidthInteger {
            let start = bytes.count
            let size = MemoryLayout<Values.Element>.size
            bytes.append(contentsOf: repeatElement(0, count: values.count * size))
            bytes.withUnsafeMutableBytes { raw in
                for (index, value) in values.enumerated() {
                    raw.storeBytes(of: value.bigEndian, toByteOffset: start + index * size, as: Values.Element.self)
                }
            }
        }
        switch self {
        case .bool(let values): bytes.append(contentsOf: values[range].map { $0 ? 1 : 0 })
        case .int8(let values): append(values[range])
        case .uint8(let values): bytes.append(contentsOf: values[range])
        case .int16(let values): append(values[range])
        case .uint16(let values): append(values[range])
        case .int32(let values): append(values[range])
        case .uint32(let values): append(values[range])
        case .int64(let values): append(values[range])
        case .uint64(let values): append(values[range])
        case .float32(let values): append(values[range].lazy.map(\.bitPattern))
        case .float64(let values): append(values[range].lazy.map(\.bitPattern))
        case .string: break
        }
    }

    /// The largest value in `range` of an integer column (0 for an empty range or another type), for
    /// a counter leaf's fMaximum.
    func largestInteger(in range: Range<Int>) -> Int64 {
        func largest<T: BinaryInteger>(_ values: [T]) -> Int64 { Int64(clamping: values[range].max() ?? 0) }
        switch self {
        case .int8(let values): return largest(values)
        case .uint8(let values): return largest(values)
        case .int16(let values): return largest(values)
        case .uint16(let values): return largest(values)
        case .int32(let values): return largest(values)
        case .uint32(let values): return largest(values)
        case .int64(let values): return largest(values)
        case .uint64(let values): return largest(values)
        case .bool, .float32, .float64, .string: return 0
        }
    }

    /// The leaf type of the values.
    var leafType: LeafType {
        switch self {
        case .bool: .bool
        case .int8: .int8
        case .uint8: .uint8
        case .int16: .int16
        case .uint16: .uint16
        case .int32: .int32
        case .uint32: .uint32
        case .int64: .int64
        case .uint64: .uint64
        case .float32: .float32
        case .float64: .float64
        case .string: .string
        }
    }

    /// Value `index` as an integer, for checking counters against jagged counts.
    func integer(at index: Int) -> Int64? {
        switch self {
        case .int8(let values): Int64(values[index])
        case .uint8(let values): Int64(values[index])
        case .int16(let values): Int64(values[index])
        case .uint16(let values): Int64(values[index])
        case .int32(let values): Int64(values[index])
        case .uint32(let values): Int64(values[index])
        case .int64(let values): values[index]
        case .uint64(let values): Int64(exactly: values[index])
        case .bool, .float32, .float64, .string: nil
        }
    }
}
