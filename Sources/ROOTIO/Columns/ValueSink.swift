// ROOTIO layer: writes one column's values, basket by basket, straight into the memory of the array
// that becomes the column. The array is created once with its final capacity (an upper bound known
// from the baskets' sizes) and never zero-filled, grown or copied; each basket's big-endian bytes
// are converted in one specialised pass per leaf type.

/// The destination of one column's values while its baskets are decoded.
final class ValueSink {
    let type: LeafType
    private let base: UnsafeMutableRawPointer?
    private let capacity: Int
    /// The number of values written so far.
    private(set) var count = 0
    private var strings: [String] = []

    private init(type: LeafType, base: UnsafeMutableRawPointer?, capacity: Int) {
        self.type = type
        self.base = base
        self.capacity = capacity
    }

    /// Creates the column's values: `body` appends to a sink with room for `capacity` values.
    ///
    /// - Throws: ``ROOTFormatError`` `.unsupported` for types this reader does not decode, and whatever
    ///   `body` throws (including a sink overflow, which means the baskets lied about their sizes).
    static func fill(_ type: LeafType, capacity: Int, _ body: (ValueSink) throws -> Void) throws -> ColumnValues {
        func make<T>(_: T.Type) throws -> [T] {
            try [T](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                let sink = ValueSink(
                    type: type, base: buffer.baseAddress.map(UnsafeMutableRawPointer.init), capacity: capacity)
                initialized = 0
                try body(sink)
                initialized = sink.count
            }
        }
        switch type {
        case .bool: return .bool(try make(Bool.self))
        case .int8: return .int8(try make(Int8.self))
        case .uint8: return .uint8(try make(UInt8.self))
        case .int16: return .int16(try make(Int16.self))
        case .uint16: return .uint16(try make(UInt16.self))
        case .int32: return .int32(try make(Int32.self))
        case .uint32: return .uint32(try make(UInt32.self))
        case .int64: return .int64(try make(Int64.self))
        case .uint64: return .uint64(try make(UInt64.self))
        case .float32: return .float32(try make(Float.self))
        case .float64: return .float64(try make(Double.self))
        case .string:
            let sink = ValueSink(type: type, base: nil, capacity: 0)
            try body(sink)
            return .string(sink.strings)
        case .float16, .double32, .object:
            throw ROOTFormatError(.unsupported, "reading \(type.rootName) values is not supported")
        }
    }

    /// Appends the big-endian fixed-size values in `raw`.
    func appendBigEndian(_ raw: UnsafeRawBufferPointer) throws(ROOTFormatError) {
        let added = raw.count / max(1, type.size)
        guard added > 0, let source = raw.baseAddress else { return }
        guard let base, count + added <= capacity else {
            throw ROOTFormatError(.malformed, "a basket holds more \(type.rootName) values than its size allows")
        }
        let target = base + count * type.size
        switch type {
        case .bool:
            let bools = target.assumingMemoryBound(to: Bool.self)
            let bytes = source.assumingMemoryBound(to: UInt8.self)
            for index in 0..<added { bools[index] = bytes[index] != 0 }
        case .int8, .uint8:
            target.copyMemory(from: source, byteCount: added)
        case .int16, .uint16:
            Self.copySwapping(source, target, added, as: UInt16.self)
        case .int32, .uint32, .float32:
            Self.copySwapping(source, target, added, as: UInt32.self)
        case .int64, .uint64, .float64:
            Self.copySwapping(source, target, added, as: UInt64.self)
        case .string, .float16, .double32, .object:
            return
        }
        count += added
    }

    /// Appends strings (TLeafC entries).
    func appendStrings(_ values: [String]) {
        strings.append(contentsOf: values)
        count += values.count
    }

    /// Converts `count` big-endian words at `source` to host order at `target`, in one pass (floats go
    /// through their bit patterns, in memory).
    @inline(__always)
    private static func copySwapping<Word: FixedWidthInteger>(
        _ source: UnsafeRawPointer, _ target: UnsafeMutableRawPointer, _ count: Int, as _: Word.Type
    ) {
        let words = target.assumingMemoryBound(to: Word.self)
        let size = MemoryLayout<Word>.size
        for index in 0..<count {
            words[index] = Word(bigEndian: source.loadUnaligned(fromByteOffset: index * size, as: Word.self))
        }
    }
}
