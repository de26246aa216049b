// ROOTIO layer: writes one column's values, basket by basket, straight into the memory of the array
// that becomes the column. The array is created once with its final capacity (an upper bound known
// from the baskets' sizes, plus room to decompress one basket in place) and never zero-filled, grown
// or copied; each basket's big-endian bytes are converted in one specialised pass per leaf type, as
// they are copied or where they were decompressed.

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
        let target = try reserve(added)
        switch type {
        case .bool:
            for index in 0..<added {
                target.storeBytes(
                    of: source.load(fromByteOffset: index, as: UInt8.self) != 0, toByteOffset: index, as: Bool.self)
            }
        case .int8, .uint8: target.copyMemory(from: source, byteCount: added)
        case .int16, .uint16: Self.copySwapping(source, target, added, as: UInt16.self)
        case .int32, .uint32, .float32: Self.copySwapping(source, target, added, as: UInt32.self)
        case .int64, .uint64, .float64: Self.copySwapping(source, target, added, as: UInt64.self)
        case .string, .float16, .double32, .object: return
        }
        count += added
    }

    /// The memory after the values written so far, when at least `bytes` bytes of it are free: a
    /// basket payload is decompressed there, then its values are taken with ``takeBigEndian(_:)``.
    func freeSpace(atLeast bytes: Int) -> UnsafeMutableRawBufferPointer? {
        guard let base, type.size > 0 else { return nil }
        let free = (capacity - count) * type.size
        guard bytes <= free else { return nil }
        return UnsafeMutableRawBufferPointer(start: base + count * type.size, count: free)
    }

    /// Takes the big-endian fixed-size values at bytes `range` of the free space (see
    /// ``freeSpace(atLeast:)``) as the next values: moved to the write position if they are not
    /// there, and converted in place.
    func takeBigEndian(_ range: Range<Int>) throws(ROOTFormatError) {
        let added = range.count / max(1, type.size)
        guard added > 0 else { return }
        guard range.lowerBound >= 0, let space = freeSpace(atLeast: range.lowerBound + added * type.size),
            let target = space.baseAddress
        else {
            throw ROOTFormatError(.malformed, "a basket holds more \(type.rootName) values than its size allows")
        }
        if range.lowerBound > 0 { target.copyMemory(from: target + range.lowerBound, byteCount: added * type.size) }
        switch type {
        case .bool:
            for index in 0..<added {
                target.storeBytes(
                    of: target.load(fromByteOffset: index, as: UInt8.self) != 0, toByteOffset: index, as: Bool.self)
            }
        case .int8, .uint8: break
        case .int16, .uint16: Self.swapInPlace(target, added, as: UInt16.self)
        case .int32, .uint32, .float32: Self.swapInPlace(target, added, as: UInt32.self)
        case .int64, .uint64, .float64: Self.swapInPlace(target, added, as: UInt64.self)
        case .string, .float16, .double32, .object: return
        }
        count += added
    }

    /// Appends strings (TLeafC entries).
    func appendStrings(_ values: [String]) {
        strings.append(contentsOf: values)
        count += values.count
    }

    /// The write position, checked to have room for `added` more values.
    private func reserve(_ added: Int) throws(ROOTFormatError) -> UnsafeMutableRawPointer {
        guard let base, added <= capacity - count else {
            throw ROOTFormatError(.malformed, "a basket holds more \(type.rootName) values than its size allows")
        }
        return base + count * type.size
    }

    /// Converts `count` big-endian words at `source` to host order at `target`, in one pass (floats go
    /// through their bit patterns, in memory).
    @inline(__always)
    private static func copySwapping<Word: FixedWidthInteger>(
        _ source: UnsafeRawPointer, _ target: UnsafeMutableRawPointer, _ count: Int, as _: Word.Type
    ) {
        let size = MemoryLayout<Word>.size
        for index in 0..<count {
            let word = Word(bigEndian: source.loadUnaligned(fromByteOffset: index * size, as: Word.self))
            target.storeBytes(of: word, toByteOffset: index * size, as: Word.self)
        }
    }

    /// Converts `count` big-endian words at `words` to host order where they are.
    ///
    /// A loop of its own: with one pointer the compiler knows loads and stores never overlap across
    /// iterations, and vectorizes it.
    @inline(__always)
    private static func swapInPlace<Word: FixedWidthInteger>(
        _ words: UnsafeMutableRawPointer, _ count: Int, as _: Word.Type
    ) {
        let size = MemoryLayout<Word>.size
        for index in 0..<count {
            let word = Word(bigEndian: words.loadUnaligned(fromByteOffset: index * size, as: Word.self))
            words.storeBytes(of: word, toByteOffset: index * size, as: Word.self)
        }
    }
}
