// Configuration layer: the type of a plain (unquoted) YAML scalar — null, bool, int, float or string —
// decided as Yams' default resolver decides it (YAML 1.1 forms: yes/no/on/off, 0o17, 0x1F, 1_000, 1:30,
// .inf), by scanning bytes instead of running its seven ICU regular expressions on every scalar: building
// those expressions alone took ~1.5 ms of every run's start. The tests compare the two on many strings.

/// What a plain scalar's text denotes.
enum YAMLPlainScalar: Equatable {
    case null, bool, int, float, string

    /// The kind of `text`, taking Yams' default rules in their order (bool, int, float, then null).
    init(_ text: String) {
        let bytes = Array(text.utf8)
        if Self.booleans.contains(text) {
            self = .bool
        } else if Self.isInteger(bytes[...]) {
            self = .int
        } else if Self.isFloat(bytes[...]) {
            self = .float
        } else if Self.nulls.contains(text) {
            self = .null
        } else {
            self = .string
        }
    }

    private static let booleans: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON",
        "off", "Off", "OFF",
    ]
    private static let nulls: Set<String> = ["~", "null", "Null", "NULL", ""]

    private typealias Bytes = ArraySlice<UInt8>

    private static func isDigit(_ byte: UInt8, upTo last: UInt8 = UInt8(ascii: "9")) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= last
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }

    /// `text` without one leading sign.
    private static func unsigned(_ text: Bytes) -> Bytes {
        guard let first = text.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") else { return text }
        return text.dropFirst()
    }

    /// One or more bytes, each passing `allowed`.
    private static func isRun(_ text: Bytes, _ allowed: (UInt8) -> Bool) -> Bool {
        !text.isEmpty && text.allSatisfy(allowed)
    }

    /// `(?::[0-5]?[0-9])+`: one or more `:` groups of one or two digits, the first of two at most 5.
    private static func isSexagesimalTail(_ text: Bytes) -> Bool {
        guard text.first == UInt8(ascii: ":") else { return false }
        for group in text.dropFirst().split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false) {
            switch group.count {
            case 1: guard isDigit(group[group.startIndex]) else { return false }
            case 2:
                guard isDigit(group[group.startIndex], upTo: UInt8(ascii: "5")), isDigit(group[group.startIndex + 1])
                else { return false }
            default: return false
            }
        }
        return true
    }

    /// `[1-9][0-9_]*` followed by `rest`: the leading digits end where `rest` begins.
    private static func leadingDigits(_ text: Bytes) -> (digits: Bytes, rest: Bytes) {
        let end = text.firstIndex { !(isDigit($0) || $0 == UInt8(ascii: "_")) } ?? text.endIndex
        return (text[..<end], text[end...])
    }

    /// Yams' int rule: `[-+]?` then `0b[01_]+`, `0o?[0-7_]+`, `0|[1-9][0-9_]*`, `0x[0-9a-fA-F_]+`, or
    /// `[1-9][0-9_]*(:[0-5]?[0-9])+`.
    private static func isInteger(_ text: Bytes) -> Bool {
        let body = unsigned(text)
        guard let first = body.first else { return false }
        if first == UInt8(ascii: "0") {
            let rest = body.dropFirst()
            if rest.isEmpty { return true }
            switch rest.first {
            case UInt8(ascii: "b"):
                return isRun(rest.dropFirst()) {
                    $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") || $0 == UInt8(ascii: "_")
                }
            case UInt8(ascii: "x"): return isRun(rest.dropFirst()) { isHexDigit($0) || $0 == UInt8(ascii: "_") }
            case UInt8(ascii: "o"):
                return isRun(rest.dropFirst()) { isDigit($0, upTo: UInt8(ascii: "7")) || $0 == UInt8(ascii: "_") }
            default: return isRun(rest) { isDigit($0, upTo: UInt8(ascii: "7")) || $0 == UInt8(ascii: "_") }
            }
        }
        guard isDigit(first) else { return false }
        let (_, rest) = leadingDigits(body)
        return rest.isEmpty || isSexagesimalTail(rest)
    }

    /// Yams' float rule: `[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?`, `\.[0-9_]+([eE][-+][0-9]+)?`,
    /// `[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*`, `[-+]?\.(inf|Inf|INF)` or `\.(nan|NaN|NAN)`.
    private static func isFloat(_ text: Bytes) -> Bool {
        if ["nan", "NaN", "NAN"].contains(where: { text.elementsEqual(".\($0)".utf8) }) { return true }
        let body = unsigned(text)
        if ["inf", "Inf", "INF"].contains(where: { body.elementsEqual(".\($0)".utf8) }) { return true }
        if text.first == UInt8(ascii: ".") {
            let (digits, rest) = leadingDigits(text.dropFirst())
            return !digits.isEmpty && (rest.isEmpty || isExponent(rest, signRequired: true))
        }
        guard let first = body.first, isDigit(first) else { return false }
        let (_, afterDigits) = leadingDigits(body)
        if afterDigits.first == UInt8(ascii: ":") {
            guard let dot = afterDigits.firstIndex(of: UInt8(ascii: ".")) else { return false }
            return isSexagesimalTail(afterDigits[..<dot])
                && afterDigits[(dot + 1)...].allSatisfy { isDigit($0) || $0 == UInt8(ascii: "_") }
        }
        var rest = afterDigits
        if rest.first == UInt8(ascii: ".") {
            rest = leadingDigits(rest.dropFirst()).rest
        }
        return rest.isEmpty || isExponent(rest, signRequired: false)
    }

    /// `[eE][-+]?[0-9]+` (the sign required when `signRequired`).
    private static func isExponent(_ text: Bytes, signRequired: Bool) -> Bool {
        guard let first = text.first, first | 0x20 == UInt8(ascii: "e") else { return false }
        let afterE = text.dropFirst()
        let digits = unsigned(afterE)
        if signRequired, digits.count == afterE.count { return false }
        return isRun(digits) { isDigit($0) }
    }
}
