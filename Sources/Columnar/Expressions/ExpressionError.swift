// Columnar layer: a mistake in an analysis expression — unknown name, wrong type, bad call — with the
// position in the expression, reported when the configuration is compiled, before any event is read.

/// A problem in one expression.
public struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The expression as written.
    public var expression: String
    /// The character offset of the problem in `expression`.
    public var position: Int
    /// What is wrong and, when useful, how to fix it.
    public var message: String

    public init(_ message: String, in expression: String, at position: Int) {
        self.message = message
        self.expression = expression
        self.position = position
    }

    /// `MESSAGE at column N in 'EXPRESSION'`, with a caret line under the position.
    public var description: String {
        "\(message) at column \(position + 1) in '\(expression)'"
    }

    /// The expression with a caret under the problem, for terminals.
    public var pointer: String {
        "  " + expression + "\n  " + String(repeating: " ", count: max(0, position)) + "^"
    }
}
