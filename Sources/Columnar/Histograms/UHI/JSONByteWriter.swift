// Columnar layer: JSON text straight into a byte buffer, for UHI files of thousands of histograms.
// Numbers are written so that they read back to the same Double: whole numbers below 10^16 as digits
// with ".0" (most bins), others in Swift's shortest round-trip form (its digits are streamed into the
// buffer through TextOutputStream, with no String per number), and the non-finite values as
// Python's json module writes them (NaN, Infinity, -Infinity), which uhi and hist read.

/// Appends JSON tokens to a byte buffer.
struct JSONByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Appends ASCII punctuation or a keyword, as written.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends a string literal, quoted and escaped.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case UInt8(ascii: "\n"): raw("\\n")
            case UInt8(ascii: "\r"): raw("\\r")
            case UInt8(ascii: "\t"): raw("\\t")
            case 0..<0x20:
                raw("\\u00")
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `"key": `.
    mutating func key(_ key: String) {
        string(key)
        raw(": ")
    }

    /// Appends an integer.
    mutating func integer(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: buffer[start...])
        }
    }

    /// Appends a number that reads back as exactly `value`.
    mutating func number(_ value: Double) {
        if value.isNaN {
            raw("NaN")
        } else if value.isInfinite {
            raw(value < 0 ? "-Infinity" : "Infinity")
        } else if value.magnitude < 1e16, value.rounded(.towardZero) == value {
            if value.sign == .minus { bytes.append(UInt8(ascii: "-")) }
            integer(Int(value.magnitude))
            raw(".0")
        } else {
            value.write(to: &self)
        }
    }

    /// Appends a metadata value.
    mutating func metadata(_ value: MetadataValue) {
        switch value {
        case .string(let text): string(text)
        case .int(let number): integer(number)
        case .double(let number): self.number(number)
        case .bool(let flag): raw(flag ? "true" : "false")
        }
    }

    /// Appends `{"k1": v1, "k2": v2}` with the keys in sorted order.
    mutating func sortedObject(_ entries: [String: MetadataValue]) {
        raw("{")
        for (index, entry) in entries.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { raw(", ") }
            key(entry.key)
            metadata(entry.value)
        }
        raw("}")
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}

extension JSONByteWriter: TextOutputStream {
    mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }

    /// Receives the digits of `Double.write(to:)` without building a String.
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }
}
