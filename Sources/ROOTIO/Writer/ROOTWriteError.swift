// ROOTIO writer: the error for a write that cannot be done — arguments that do not describe a valid
// tree (a type the writer does not write, buffers whose lengths disagree, offsets that go backwards)
// or a file that cannot be written. Every message names the tree, branch or file and the fix.

/// A ROOT file or tree that cannot be written as asked.
public struct ROOTWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: Sendable, Equatable {
        /// A leaf type the writer does not write (strings, packed floats, objects), or a shape it does not
        /// (a jagged fixed-size array).
        case unsupportedType
        /// A branch or tree declaration that cannot be written: an empty or repeated name, a counter that is
        /// missing, declared later, or not an integer scalar, a bad basket size or compression level.
        case invalidDeclaration
        /// A batch whose columns do not match the tree's branches: a missing, unknown or repeated column, or
        /// a column of another type.
        case columnMismatch
        /// A column whose buffers disagree: value counts against entries or offsets, offsets that do not
        /// start at 0 or go backwards, counter values that differ from the jagged branches' counts.
        case malformedColumn
        /// A basket over ROOT's 2 GiB limit.
        case basketTooLarge
        /// A compression library failure.
        case compression
        /// The file cannot be created, written, synced or renamed.
        case io
        /// The file was closed already.
        case closed
    }

    /// What kind of failure.
    public var code: Code
    /// What was wrong, where, and how to fix it.
    public var message: String

    /// An error of kind `code`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
