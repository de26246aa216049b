// Configuration layer: a strict JSON parser over UTF-8 bytes that keeps object key order and reports
// `line:column` for every syntax error. Dataset JSONs of 10^5 files go through here, so it works on
// raw bytes with no intermediate Foundation objects.

import Foundation

/// Parses JSON text into a ``ConfigValue``.
public struct JSONReader {
    private let bytes: [UInt8]
    private var position = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses a whole JSON document.
    ///
    /// - Throws: ``ConfigurationError`` with code `.malformedSyntax` and the `line:column` of the problem.
    public static func parse(_ bytes: [UInt8]) throws(ConfigurationError) -> ConfigValue {
        var reader = JSONReader(bytes)
        reader.skipWhitespace()
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        if reader.position < bytes.count { throw reader.error("unexpected text after the JSON value") }
        return value
    }

    /// Parses a JSON string.
    public static func parse(_ text: String) throws(ConfigurationError) -> ConfigValue {
        try parse(Array(text.utf8))
    }

    /// Reads and parses a JSON file; errors name the file.
    public static func parse(contentsOf path: String) throws(ConfigurationError) -> ConfigValue {
        guard let bytes = FileBytes.contents(path) else {
            throw ConfigurationError(
                .unreadableFile, file: path, "cannot read the file", fix: "check that the path exists")
        }
        do {
            return try parse(bytes)
        } catch {
            throw error.inFile(path)
        }
    }

    // MARK: - Grammar

    private static let maximumDepth = 512

    private mutating func readValue(depth: Int) throws(ConfigurationError) -> ConfigValue {
        guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        guard position < bytes.count else { throw error("unexpected end of the text, a value was expected") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try readObject(depth: depth)
        case UInt8(ascii: "["): return try readArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw unexpected("a value")
        }
    }

    private mutating func readObject(depth: Int) throws(ConfigurationError) -> ConfigValue {
        position += 1
        var object = OrderedObject()
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return .object(object) }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw unexpected("a quoted key")
            }
            let key = try readString()
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw unexpected("':' after the key \"\(key)\"") }
            skipWhitespace()
            object[key] = try readValue(depth: depth + 1)
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "}")) { return .object(object) }
            throw unexpected("',' or '}'")
        }
    }

    private mutating func readArray(depth: Int) throws(ConfigurationError) -> ConfigValue {
        position += 1
        var items: [ConfigValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return .array(items) }
        while true {
            skipWhitespace()
            items.append(try readValue(depth: depth + 1))
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "]")) { return .array(items) }
            throw unexpected("',' or ']'")
        }
    }

    private mutating func readString() throws(ConfigurationError) -> String {
        position += 1
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: bytes[start..<position], as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try readEscapedString(from: start) }
            if byte < 0x20 { throw error("control character inside a string") }
            position += 1
        }
        throw error("unterminated string")
    }

    private mutating func readEscapedString(from start: Int) throws(ConfigurationError) -> String {
        var scalars = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: scalars, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { throw error("unterminated string") }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"): scalars.append(contentsOf: try readUnicodeEscape())
                default: position -= 1; throw error("invalid escape sequence in a string")
                }
            default:
                if byte < 0x20 { position -= 1; throw error("control character inside a string") }
                scalars.append(byte)
            }
        }
        throw error("unterminated string")
    }

    private mutating func readUnicodeEscape() throws(ConfigurationError) -> [UInt8] {
        var code = try readHex4()
        if (0xD800..<0xDC00).contains(code) {
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
            else { throw error("unpaired UTF-16 surrogate in a \\u escape") }
            position += 2
            let low = try readHex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired UTF-16 surrogate in a \\u escape") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw error("invalid code point in a \\u escape") }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func readHex4() throws(ConfigurationError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = hexDigit(bytes[position]) else { throw error("invalid hex digit in a \\u escape") }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private mutating func readNumber() throws(ConfigurationError) -> ConfigValue {
        let start = position
        var isInteger = true
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        guard skipDigits() else { throw unexpected("a digit") }
        if bytes[integerStart] == UInt8(ascii: "0"), position - integerStart > 1 {
            position = integerStart
            throw error("numbers must not start with 0")
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard skipDigits() else { throw unexpected("a digit after '.'") }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard skipDigits() else { throw unexpected("a digit in the exponent") }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isInteger, let value = Int(text) { return .int(value) }
        guard let value = Double(text) else { throw error("number out of range: \(text)") }
        return .double(value)
    }

    // MARK: - Scanning

    private mutating func skipDigits() -> Bool {
        let start = position
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            position += 1
        }
        return position > start
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func expectWord(_ word: StaticString) throws(ConfigurationError) {
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { expected in
            position + count <= bytes.count && bytes[position..<position + count].elementsEqual(expected)
        }
        guard matches else { throw unexpected("a value") }
        position += count
    }

    private func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    // MARK: - Errors

    private func unexpected(_ expected: String) -> ConfigurationError {
        guard position < bytes.count else { return error("unexpected end of the text, expected \(expected)") }
        var end = position
        while end < bytes.count, end - position < 12, bytes[end] != 0x0A { end += 1 }
        let found = String(decoding: bytes[position..<end], as: UTF8.self)
        return error("expected \(expected) but found '\(found)'")
    }

    private func error(_ message: String) -> ConfigurationError {
        var line = 1
        var lineStart = 0
        for offset in 0..<min(position, bytes.count) where bytes[offset] == 0x0A {
            line += 1
            lineStart = offset + 1
        }
        return ConfigurationError(
            .malformedSyntax, location: "\(line):\(position - lineStart + 1)", "invalid JSON: \(message)")
    }
}
