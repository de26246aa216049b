// Columnar layer: a JSON parser over UTF-8 bytes for UHI files. Arrays of numbers — nearly all of a
// histogram file — are read straight into [Double] without a node per number. Numbers of up to 15
// significant digits with small exponents are converted exactly by Clinger's fast path (one exact
// multiplication or division), those of up to 19 by the same in x87 extended precision where it exists;
// the rest go through the C library's correctly rounded parser.
// Python's NaN, Infinity and -Infinity are accepted, as uhi and hist write them.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A parsed JSON value.
enum JSONNode {
    case null
    case bool(Bool)
    /// A number, and whether it was written as an integer (no fraction or exponent).
    case number(Double, isInteger: Bool)
    case string(String)
    /// A non-empty array of numbers only, and whether all were written as integers.
    case numbers([Double], allIntegers: Bool)
    case array([JSONNode])
    /// An object's entries in the order written.
    case object([(key: String, value: JSONNode)])

    /// The kind of value in words, for error messages.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .numbers, .array: "an array"
        case .object: "an object"
        }
    }
}

/// Parses JSON text into a ``JSONNode``.
struct JSONNodeParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private static let maximumDepth = 64

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Parses a whole document.
    ///
    /// - Throws: ``HistogramError`` `.malformedJSON` (or `.truncatedJSON` when the text ends too early) with
    ///   the line and column of the problem.
    static func parse(_ bytes: [UInt8]) throws(HistogramError) -> JSONNode {
        let result: Result<JSONNode, HistogramError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONNodeParser(buffer)
            do throws(HistogramError) {
                parser.skipWhitespace()
                let node = try parser.value(depth: 0)
                parser.skipWhitespace()
                if parser.position < buffer.count { throw parser.error("unexpected text after the JSON value") }
                return .success(node)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: - Grammar

    private mutating func value(depth: Int) throws(HistogramError) -> JSONNode {
        guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        guard position < bytes.count else { throw error("the text ends where a value was expected") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try word("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try word("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try word("null")
            return .null
        default:
            let (number, isInteger) = try number()
            return .number(number, isInteger: isInteger)
        }
    }

    private mutating func object(depth: Int) throws(HistogramError) -> JSONNode {
        position += 1
        var entries: [(key: String, value: JSONNode)] = []
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return .object(entries) }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw unexpected("a quoted key")
            }
            let key = try string()
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw unexpected("':' after the key \"\(key)\"") }
            skipWhitespace()
            entries.append((key, try value(depth: depth + 1)))
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "}")) { return .object(entries) }
            throw unexpected("',' or '}' in an object")
        }
    }

    private mutating func array(depth: Int) throws(HistogramError) -> JSONNode {
        position += 1
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return .array([]) }
        var numbers: [Double] = []
        var allIntegers = true
        while position < bytes.count, Self.startsNumber(bytes[position]) {
            let (number, isInteger) = try number()
            numbers.append(number)
            allIntegers = allIntegers && isInteger
            skipWhitespace()
            if consume(UInt8(ascii: "]")) { return .numbers(numbers, allIntegers: allIntegers) }
            guard consume(UInt8(ascii: ",")) else { throw unexpected("',' or ']' in an array") }
            skipWhitespace()
        }
        var items = numbers.map { JSONNode.number($0, isInteger: Int(exactly: $0) != nil) }
        while true {
            skipWhitespace()
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "]")) { return .array(items) }
            throw unexpected("',' or ']' in an array")
        }
    }

    private mutating func string() throws(HistogramError) -> String {
        position += 1
        let start = position
        while position < bytes.count, bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "\\") {
            guard bytes[position] >= 0x20 else { throw error("a control character inside a string") }
            position += 1
        }
        guard position < bytes.count else { throw error("the text ends inside a string") }
        var text = Array(bytes[start..<position])
        while bytes[position] != UInt8(ascii: "\"") {
            position += 1
            guard position < bytes.count else { throw error("the text ends inside a string") }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "u"): text.append(contentsOf: try unicodeEscape())
            default: throw error("an unknown escape '\\\(Character(Unicode.Scalar(escape)))' in a string")
            }
            while position < bytes.count, bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "\\") {
                guard bytes[position] >= 0x20 else { throw error("a control character inside a string") }
                text.append(bytes[position])
                position += 1
            }
            guard position < bytes.count else { throw error("the text ends inside a string") }
        }
        position += 1
        return String(decoding: text, as: UTF8.self)
    }

    /// The UTF-8 bytes of a `\uXXXX` escape (with its low surrogate, if it is a high one).
    private mutating func unicodeEscape() throws(HistogramError) -> [UInt8] {
        var scalar = try hexQuad()
        if (0xD800..<0xDC00).contains(scalar), position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
            bytes[position + 1] == UInt8(ascii: "u")
        {
            position += 2
            let low = try hexQuad()
            guard (0xDC00..<0xE000).contains(low) else { throw error("an unpaired surrogate in a \\u escape") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw error("an unpaired surrogate in a \\u escape") }
        return Array(String(Character(unicode)).utf8)
    }

    private mutating func hexQuad() throws(HistogramError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("the text ends inside a \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("a \\u escape needs four hexadecimal digits")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    // MARK: - Numbers

    private static func startsNumber(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "N")
            || byte == UInt8(ascii: "I")
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    /// Reads a number: its value and whether it was written as an integer.
    private mutating func number() throws(HistogramError) -> (Double, Bool) {
        let start = position
        let negative = consume(UInt8(ascii: "-"))
        if position < bytes.count, bytes[position] == UInt8(ascii: "N") {
            try word("NaN")
            return (.nan, false)
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "I") {
            try word("Infinity")
            return (negative ? -.infinity : .infinity, false)
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        let integerStart = position
        while position < bytes.count, let digit = Self.digit(bytes[position]) {
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(digit) } else { exponent += 1 }
            if mantissa > 0 { digits += 1 }
            position += 1
        }
        guard position > integerStart else { throw unexpected("a value") }
        var isInteger = true
        if consume(UInt8(ascii: ".")) {
            isInteger = false
            let fractionStart = position
            while position < bytes.count, let digit = Self.digit(bytes[position]) {
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    exponent -= 1
                    if mantissa > 0 { digits += 1 }
                }
                position += 1
            }
            guard position > fractionStart else { throw unexpected("a digit after '.'") }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            position += 1
            let negativeExponent = consume(UInt8(ascii: "-"))
            if !negativeExponent { _ = consume(UInt8(ascii: "+")) }
            let exponentStart = position
            var written = 0
            while position < bytes.count, let digit = Self.digit(bytes[position]) {
                written = Swift.min(written * 10 + digit, 100_000)
                position += 1
            }
            guard position > exponentStart else { throw unexpected("a digit in the exponent") }
            exponent += negativeExponent ? -written : written
        }
        if mantissa == 0 { return (negative ? -0.0 : 0.0, isInteger) }  // the empty bins: no division
        if digits <= 15, exponent.magnitude <= 22 {
            let whole = Double(mantissa)
            let value = exponent < 0 ? whole / Self.powersOfTen[-exponent] : whole * Self.powersOfTen[exponent]
            return (negative ? -value : value, isInteger)
        }
        if digits <= 18, let value = Self.extendedFastPath(mantissa, exponent) {
            return (negative ? -value : value, isInteger)
        }
        return (try Self.correctlyRounded(UnsafeBufferPointer(rebasing: bytes[start..<position])), isInteger)
    }

    /// Clinger's fast path in x87 extended precision, for the 16 to 18 significant digits of doubles written
    /// in their shortest round-trip form (most of a histogram file; from the 19th digit on `number()`
    /// may have dropped digits): the mantissa (< 2^64) and 10^|exponent|
    /// (|exponent| <= 27) are exact in Float80, so their product or quotient is rounded once to 64 bits, then
    /// once more to 53. That second rounding differs from rounding the exact value only when the first one
    /// landed exactly halfway between two doubles (the 11 dropped bits are 10000000000); then `nil`, and
    /// the caller takes the correctly rounded parser. `nil` also where Float80 does not exist (arm64).
    private static func extendedFastPath(_ mantissa: UInt64, _ exponent: Int) -> Double? {
        #if arch(x86_64) && !os(Windows)
            guard exponent.magnitude <= 27 else { return nil }
            let whole = Float80(mantissa)
            let power = extendedPowersOfTen[Int(exponent.magnitude)]
            let value = exponent < 0 ? whole / power : whole * power
            guard value.significandBitPattern & 0x7FF != 0x400 else { return nil }
            return Double(value)
        #else
            return nil
        #endif
    }

    #if arch(x86_64) && !os(Windows)
        private static let extendedPowersOfTen: [Float80] = (0...27).map { exponent in
            (0..<exponent).reduce(Float80(1)) { value, _ in value * 10 }
        }
    #endif

    /// The nearest Double to a JSON number token: the C library's `strtod` on a NUL-terminated copy of
    /// the token on the stack when the process's decimal separator is '.', else the standard library's
    /// locale-independent parser.
    private static func correctlyRounded(_ token: UnsafeBufferPointer<UInt8>) throws(HistogramError) -> Double {
        var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        let parsed: Double? = withUnsafeMutableBytes(of: &storage) { buffer -> Double? in
            guard decimalPointIsDot(), token.count < buffer.count, let base = token.baseAddress else { return nil }
            buffer.copyMemory(from: UnsafeRawBufferPointer(start: base, count: token.count))
            buffer[token.count] = 0
            return buffer.withMemoryRebound(to: CChar.self) { text in text.baseAddress.map { strtod($0, nil) } }
        }
        if let parsed { return parsed }
        let text = String(decoding: token, as: UTF8.self)
        guard let value = Double(text) else { throw HistogramError(.malformedJSON, "'\(text)' is not a number") }
        return value
    }

    /// Whether the C locale's decimal separator is '.' (it is unless the process called setlocale).
    private static func decimalPointIsDot() -> Bool {
        guard let point = localeconv()?.pointee.decimal_point else { return false }
        return point.pointee == CChar(UInt8(ascii: ".")) && point.advanced(by: 1).pointee == 0
    }

    private static func digit(_ byte: UInt8) -> Int? {
        let value = Int(byte) - Int(UInt8(ascii: "0"))
        return (0...9).contains(value) ? value : nil
    }

    // MARK: - Helpers

    private mutating func word(_ word: StaticString) throws(HistogramError) {
        let count = word.utf8CodeUnitCount
        let available = Swift.min(count, bytes.count - position)
        let matches = word.withUTF8Buffer { expected in
            (0..<available).allSatisfy { bytes[position + $0] == expected[$0] }
        }
        guard matches else { throw unexpected("a value") }
        guard available == count else {
            position = bytes.count
            throw unexpected("the rest of '\(word)'")
        }
        position += count
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position += 1
            default: return
            }
        }
    }

    private func unexpected(_ expected: String) -> HistogramError {
        guard position < bytes.count else { return error("the text ends where \(expected) was expected (cut short?)") }
        return error("expected \(expected), found '\(Character(Unicode.Scalar(bytes[position])))'")
    }

    private func error(_ message: String) -> HistogramError {
        var line = 1
        var lineStart = 0
        for index in 0..<Swift.min(position, bytes.count) where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        return HistogramError(
            position < bytes.count ? .malformedJSON : .truncatedJSON,
            "line \(line), column \(position - lineStart + 1): \(message)")
    }
}
