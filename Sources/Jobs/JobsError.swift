// Jobs layer: a problem compiling, recreating or submitting jobs, in one line with its fix.

/// A job-compilation failure the user can act on.
public struct JobsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// How to fix it.
    public var fix: String?

    public init(_ message: String, fix: String? = nil) {
        self.message = message
        self.fix = fix
    }

    public var description: String { message + (fix.map { "; \($0)" } ?? "") }
}
