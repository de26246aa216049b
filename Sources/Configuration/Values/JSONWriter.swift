// Configuration layer: deterministic JSON text for ConfigValue. The same value always gives the same
// bytes (key order as stored, fixed number formatting), which makes per-job configurators
// reproducible and diffable.
//
// The writer builds UTF-8 bytes in a [UInt8]: strings are copied in runs between the few bytes that
// need escaping, indentation comes from one prebuilt run of spaces, integers are written digit by
// digit. A jobs folder of thousands of per-job configurators is mostly this writer's output, so it is
// written for speed; `JSONObjectStream` lets callers write a large object entry by entry (or splice
// precomputed parts) with exactly the bytes the whole-value writer would produce.

/// Serializes a ``ConfigValue`` as JSON.
public enum JSONWriter {
    /// The JSON text of `value`: indented by two spaces when `pretty`, else on one line; ends without a newline.
    public static func string(_ value: ConfigValue, pretty: Bool = true) -> String {
        String(decoding: bytes(value, pretty: pretty), as: UTF8.self)
    }

    /// The UTF-8 bytes of ``string(_:pretty:)``.
    public static func bytes(_ value: ConfigValue, pretty: Bool = true) -> [UInt8] {
        var output: [UInt8] = []
        append(value, to: &output, pretty: pretty)
        return output
    }

    /// Appends the JSON text of `value` to `output`, as if it stood at nesting `level` (the indentation,
    /// in spaces, of the line it starts on) of a pretty-printed document; `level` is ignored when not `pretty`.
    public static func append(_ value: ConfigValue, to output: inout [UInt8], pretty: Bool = true, level: Int = 0) {
        write(value, into: &output, indent: pretty ? level : nil)
    }

    /// Appends `text` as a JSON string literal (quoted and escaped).
    public static func appendString(_ text: String, to output: inout [UInt8]) {
        writeString(text, into: &output)
    }

    private static func write(_ value: ConfigValue, into output: inout [UInt8], indent: Int?) {
        switch value {
        case .null: appendASCII("null", to: &output)
        case .bool(let flag): appendASCII(flag ? "true" : "false", to: &output)
        case .int(let number): appendInteger(Int64(number), to: &output)
        case .double(let number): appendDouble(number, to: &output)
        case .string(let text): writeString(text, into: &output)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            guard !items.isEmpty else { return output.append(UInt8(ascii: "]")) }
            let inner = indent.map { $0 + 2 }
            for (offset, item) in items.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                if let inner { appendNewline(indent: inner, to: &output) }
                write(item, into: &output, indent: inner)
            }
            if let indent { appendNewline(indent: indent, to: &output) }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            var stream = JSONObjectStream(indent: indent)
            stream.begin(into: &output)
            for (key, value) in object.entries {
                stream.key(key, into: &output)
                write(value, into: &output, indent: stream.valueIndent)
            }
            stream.end(into: &output)
        }
    }

    // MARK: - Pieces

    /// "\n" followed by enough spaces for the deepest indentation written in one copy.
    private static let newlineAndSpaces: [UInt8] = [UInt8(ascii: "\n")] + [UInt8](repeating: UInt8(ascii: " "), count: 128)

    static func appendNewline(indent: Int, to output: inout [UInt8]) {
        if indent < newlineAndSpaces.count {
            newlineAndSpaces.withUnsafeBufferPointer { output.append(contentsOf: $0[0...indent]) }
        } else {
            output.append(UInt8(ascii: "\n"))
            output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
        }
    }

    static func appendASCII(_ text: StaticString, to output: inout [UInt8]) {
        text.withUTF8Buffer { output.append(contentsOf: $0) }
    }

    /// Decimal digits, with a minus sign for negative numbers.
    static func appendInteger(_ number: Int64, to output: inout [UInt8]) {
        var magnitude = number.magnitude
        if number < 0 { output.append(UInt8(ascii: "-")) }
        // 20 digits hold UInt64.max.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// A whole double below 1e15 as digits and ".0" (so it reads back as a double); any other finite
    /// number in Swift's shortest round-tripping form; non-finite numbers, which JSON cannot hold, as strings.
    static func appendDouble(_ number: Double, to output: inout [UInt8]) {
        guard number.isFinite else {
            return appendASCII(number.isNaN ? "\"nan\"" : (number > 0 ? "\"inf\"" : "\"-inf\""), to: &output)
        }
        if number == number.rounded(), abs(number) < 1e15 {
            appendInteger(Int64(number), to: &output)
            appendASCII(".0", to: &output)
        } else {
            output.append(contentsOf: number.description.utf8)
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// `"text"` with `"`, `\` and control characters escaped; everything else copied as UTF-8. Clean
    /// runs are found eight bytes at a time and copied whole.
    private static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            var runStart = 0
            var position = 0
            func handle(_ position: Int) {
                let byte = bytes[position]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { return }
                if runStart < position {
                    output.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: position - runStart))
                }
                runStart = position + 1
                switch byte {
                case UInt8(ascii: "\""): appendASCII("\\\"", to: &output)
                case UInt8(ascii: "\\"): appendASCII("\\\\", to: &output)
                case UInt8(ascii: "\n"): appendASCII("\\n", to: &output)
                case UInt8(ascii: "\r"): appendASCII("\\r", to: &output)
                case UInt8(ascii: "\t"): appendASCII("\\t", to: &output)
                default:
                    appendASCII("\\u00", to: &output)
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0xF)])
                }
            }
            while position + 8 <= count {
                let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
                if hasByteToEscape(word) {
                    for offset in position..<(position + 8) { handle(offset) }
                }
                position += 8
            }
            while position < count {
                handle(position)
                position += 1
            }
            if runStart < count {
                output.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count - runStart))
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Whether any of the eight bytes of `word` is below 0x20, a `"` or a `\` (exact).
    @inline(__always)
    private static func hasByteToEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highBits != 0 }
        let below0x20 = (word &- ones &* 0x20) & ~word & highBits != 0
        return below0x20 || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }
}

/// Writes a JSON object one entry at a time, with the same bytes ``JSONWriter`` writes for a whole
/// ``ConfigValue/object(_:)``: call ``begin(into:)``, then for each entry ``key(_:into:)`` followed by
/// the value (written with ``JSONWriter/append(_:to:pretty:level:)`` at ``level``, or precomputed bytes
/// written for that level), then ``end(into:)``.
public struct JSONObjectStream: Sendable {
    /// The indentation of the line the object starts on, or `nil` when writing on one line.
    private let indent: Int?
    private var count = 0

    /// A stream for an object at nesting `level` of a pretty-printed document, or on one line when not `pretty`.
    public init(pretty: Bool = true, level: Int = 0) {
        indent = pretty ? level : nil
    }

    init(indent: Int?) {
        self.indent = indent
    }

    /// The `level` at which entry values are written.
    public var level: Int { valueIndent ?? 0 }

    /// Whether the stream writes pretty-printed text.
    public var pretty: Bool { indent != nil }

    var valueIndent: Int? { indent.map { $0 + 2 } }

    /// Writes the opening brace.
    public func begin(into output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
    }

    /// Writes what comes before an entry's value: the separator, the line break and indentation, and `"key": `.
    public mutating func key(_ key: String, into output: inout [UInt8]) {
        if count > 0 { output.append(UInt8(ascii: ",")) }
        count += 1
        if let inner = valueIndent { JSONWriter.appendNewline(indent: inner, to: &output) }
        JSONWriter.appendString(key, to: &output)
        if indent == nil {
            output.append(UInt8(ascii: ":"))
        } else {
            JSONWriter.appendASCII(": ", to: &output)
        }
    }

    /// Writes the closing brace (on its own line when pretty and not empty).
    public func end(into output: inout [UInt8]) {
        if count > 0, let indent { JSONWriter.appendNewline(indent: indent, to: &output) }
        output.append(UInt8(ascii: "}"))
    }
}
