// Babysitter layer: the one error check-jobs reports — what failed and how to fix it.

/// A check-jobs failure with its fix.
public struct BabysitterError: Error, Sendable, CustomStringConvertible {
    /// What failed, naming the file.
    public var message: String
    /// How to fix it, when there is something to do.
    public var fix: String?

    public init(_ message: String, fix: String? = nil) {
        self.message = message
        self.fix = fix
    }

    public var description: String { fix.map { "\(message) (\($0))" } ?? message }
}
