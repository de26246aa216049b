// Corrections layer: a correction's input or output variable — a name and one of three types.

/// An input or output of a correction.
public struct Variable: Sendable, Equatable {
    /// The type of a variable's values.
    public enum Kind: String, Sendable, Equatable, CustomStringConvertible {
        /// A string, such as a systematic's name.
        case string
        /// A 64-bit integer.
        case int
        /// A double.
        case real

        public var description: String { rawValue }
    }

    /// The variable's name.
    public var name: String
    /// The type of its values.
    public var kind: Kind
    /// What it means, when the file says.
    public var description: String?
}
