// Columnar layer: the scalar values UHI allows in `metadata` and `writer_info` — strings, numbers and
// booleans, never null or nested.

/// A metadata value of a histogram or axis (UHI allows strings, numbers and booleans).
public enum MetadataValue: Sendable, Hashable, CustomStringConvertible {
    /// A string.
    case string(String)
    /// A whole number, written without a fraction.
    case int(Int)
    /// A number, written so that it reads back identically.
    case double(Double)
    /// `true` or `false`.
    case bool(Bool)

    /// The string, or `nil` for any other kind of value.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The number as a `Double` (integers converted), or `nil` for strings and booleans.
    public var doubleValue: Double? {
        switch self {
        case .int(let number): Double(number)
        case .double(let number): number
        case .string, .bool: nil
        }
    }

    /// The number when it is a whole number (a `.double` with no fraction counts), else `nil`.
    public var intValue: Int? {
        switch self {
        case .int(let number): number
        case .double(let number): Int(exactly: number)
        case .string, .bool: nil
        }
    }

    /// The boolean, or `nil` for any other kind of value.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// The value as a reader would show it: strings unquoted, numbers in their shortest form.
    public var description: String {
        switch self {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): String(flag)
        }
    }
}

extension MetadataValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
