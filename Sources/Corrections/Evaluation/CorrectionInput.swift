// Corrections layer: what callers pass to an evaluation — one value per input, or one column per
// input over a batch of events (a constant column stands for the same value in every event).

/// One input value.
public enum CorrectionValue: Sendable, Equatable, CustomStringConvertible {
    /// For a `real` input.
    case real(Double)
    /// For an `int` input.
    case int(Int64)
    /// For a `string` input.
    case string(String)

    /// The type of input this value fits.
    public var kind: Variable.Kind {
        switch self {
        case .real: .real
        case .int: .int
        case .string: .string
        }
    }

    public var description: String {
        switch self {
        case .real(let value): "\(value)"
        case .int(let value): "\(value)"
        case .string(let value): value
        }
    }
}

/// One input's values over a batch of events.
public enum CorrectionColumn: Sendable {
    /// A real per event, for a `real` input.
    case reals([Double])
    /// An integer per event, for an `int` input.
    case ints([Int64])
    /// A string per event, for a `string` input.
    case strings([String])
    /// The same value for every event.
    case constant(CorrectionValue)

    /// The type of input this column fits.
    public var kind: Variable.Kind {
        switch self {
        case .reals: .real
        case .ints: .int
        case .strings: .string
        case .constant(let value): value.kind
        }
    }

    /// The number of values, or nil for a constant.
    var count: Int? {
        switch self {
        case .reals(let values): values.count
        case .ints(let values): values.count
        case .strings(let values): values.count
        case .constant: nil
        }
    }

    /// The value of event `event`, for messages.
    func value(at event: Int) -> CorrectionValue {
        switch self {
        case .reals(let values): .real(values[event])
        case .ints(let values): .int(values[event])
        case .strings(let values): .string(values[event])
        case .constant(let value): value
        }
    }

    /// The column as a ``Source``, strings replaced by their ids in `table`.
    func source(_ table: StringTable) -> Source {
        switch self {
        case .reals(let values): .reals(values)
        case .ints(let values): .ints(values)
        case .strings(let values): .ints(values.map { table.id($0) })
        case .constant(.real(let value)): .real(value)
        case .constant(.int(let value)): .int(value)
        case .constant(.string(let value)): .int(table.id(value))
        }
    }
}
