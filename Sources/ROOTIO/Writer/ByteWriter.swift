// ROOTIO writer: a growing big-endian byte buffer, the write-side twin of ByteCursor. Records are
// built in memory with it, then written to the file in one call each.

/// Bytes being assembled, in ROOT's big-endian order.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// The number of bytes written so far.
    var count: Int { bytes.count }

    mutating func integer<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func i16(_ value: Int16) { integer(value) }
    mutating func u16(_ value: UInt16) { integer(value) }
    mutating func i32(_ value: Int32) { integer(value) }
    mutating func u32(_ value: UInt32) { integer(value) }
    mutating func i64(_ value: Int64) { integer(value) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    mutating func f32(_ value: Float) { integer(value.bitPattern) }
    mutating func f64(_ value: Double) { integer(value.bitPattern) }

    /// An i32 from a Swift integer that the caller has checked fits.
    mutating func i32(_ value: Int) { integer(Int32(truncatingIfNeeded: value)) }

    /// A ROOT TString: u8 length, or 255 then an i32 length; then the bytes.
    mutating func string(_ text: String) {
        let utf8 = Array(text.utf8)
        if utf8.count < 255 {
            bytes.append(UInt8(utf8.count))
        } else {
            bytes.append(255)
            i32(utf8.count)
        }
        bytes.append(contentsOf: utf8)
    }

    /// A NUL-terminated C string (class names in object streams).
    mutating func cString(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        bytes.append(0)
    }

    mutating func append<C: Collection>(_ raw: C) where C.Element == UInt8 { bytes.append(contentsOf: raw) }

    /// Overwrites the 4 bytes at `position` with `value`, big-endian.
    mutating func patch(_ value: UInt32, at position: Int) {
        withUnsafeBytes(of: value.bigEndian) { raw in
            for index in 0..<4 { bytes[position + index] = raw[index] }
        }
    }

    /// The size of `text` as a TString.
    static func stringSize(_ text: String) -> Int {
        let count = text.utf8.count
        return (count < 255 ? 1 : 5) + count
    }
}
