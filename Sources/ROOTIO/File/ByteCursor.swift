// ROOTIO layer: a bounds-checked big-endian reader over bytes already in memory. Every read checks
// the remaining length first, so malformed input raises ROOTFormatError instead of trapping.

/// A read position in a byte buffer. `origin` is subtracted from positions when they are used as
/// ROOT object-reference displacements (a key's payload counts from the start of its key).
struct ByteCursor {
    let bytes: [UInt8]
    var position: Int
    /// What a reference displacement of 0 corresponds to: `position - origin` is the displacement.
    var origin: Int

    init(_ bytes: [UInt8], position: Int = 0, origin: Int = 0) {
        self.bytes = bytes
        self.position = position
        self.origin = origin
    }

    /// The displacement of the current position, as ROOT's references count it.
    var displacement: Int { position - origin }
    var remaining: Int { bytes.count - position }

    func fail(_ what: String) -> ROOTFormatError {
        ROOTFormatError(.malformed, "\(what) at byte \(position) of a \(bytes.count)-byte record")
    }

    mutating func require(_ count: Int, _ what: @autoclosure () -> String) throws(ROOTFormatError) {
        guard count >= 0, position >= 0, count <= remaining else { throw fail("truncated \(what())") }
    }

    mutating func skip(_ count: Int) throws(ROOTFormatError) {
        try require(count, "skip of \(count) bytes")
        position += count
    }

    mutating func seek(_ target: Int) throws(ROOTFormatError) {
        guard target >= 0, target <= bytes.count else { throw fail("jump to byte \(target)") }
        position = target
    }

    mutating func integer<T: FixedWidthInteger>(_: T.Type = T.self) throws(ROOTFormatError) -> T {
        let size = MemoryLayout<T>.size
        try require(size, "\(T.self)")
        let value = bytes.withUnsafeBytes { T(bigEndian: $0.loadUnaligned(fromByteOffset: position, as: T.self)) }
        position += size
        return value
    }

    /// `count` big-endian integers, read at once.
    mutating func integers<T: FixedWidthInteger>(_ count: Int, _: T.Type = T.self) throws(ROOTFormatError) -> [T] {
        let size = MemoryLayout<T>.size
        guard count >= 0, count <= Int.max / size else { throw fail("array of \(count) \(T.self)") }
        try require(count * size, "array of \(count) \(T.self)")
        let start = position
        let values = bytes.withUnsafeBytes { raw in
            [T](unsafeUninitializedCapacity: count) { target, initialized in
                for index in 0..<count {
                    target[index] = T(bigEndian: raw.loadUnaligned(fromByteOffset: start + index * size, as: T.self))
                }
                initialized = count
            }
        }
        position += count * size
        return values
    }

    mutating func u8() throws(ROOTFormatError) -> UInt8 { try integer() }
    mutating func i16() throws(ROOTFormatError) -> Int16 { try integer() }
    mutating func u16() throws(ROOTFormatError) -> UInt16 { try integer() }
    mutating func i32() throws(ROOTFormatError) -> Int32 { try integer() }
    mutating func u32() throws(ROOTFormatError) -> UInt32 { try integer() }
    mutating func i64() throws(ROOTFormatError) -> Int64 { try integer() }

    mutating func f64() throws(ROOTFormatError) -> Double { Double(bitPattern: try integer(UInt64.self)) }

    /// A count or size field that must be non-negative and fit in memory.
    mutating func count32(_ what: String) throws(ROOTFormatError) -> Int {
        let value = try i32()
        guard value >= 0 else { throw fail("negative \(what) \(value)") }
        return Int(value)
    }

    /// A ROOT TString: u8 length, or 255 then an i32 length; then the bytes.
    mutating func string() throws(ROOTFormatError) -> String {
        var length = Int(try u8())
        if length == 255 { length = try count32("string length") }
        try require(length, "string of \(length) bytes")
        let text = String(decoding: bytes[position..<position + length], as: UTF8.self)
        position += length
        return text
    }

    /// A NUL-terminated C string (class names in object streams).
    mutating func cString() throws(ROOTFormatError) -> String {
        guard position >= 0, position <= bytes.count, let end = bytes[position...].firstIndex(of: 0) else {
            throw fail("unterminated class name")
        }
        let text = String(decoding: bytes[position..<end], as: UTF8.self)
        position = end + 1
        return text
    }

    /// `count` raw bytes.
    mutating func take(_ count: Int) throws(ROOTFormatError) -> ArraySlice<UInt8> {
        try require(count, "\(count) bytes")
        defer { position += count }
        return bytes[position..<position + count]
    }
}
