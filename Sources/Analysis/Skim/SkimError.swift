// Analysis layer: what can go wrong when writing, copying, checking or regrouping skimmed files.

/// A skim that could not be written, copied, checked or regrouped.
public struct SkimError: Error, Sendable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Code: Sendable, Equatable {
        /// A branch asked for is missing or cannot be written.
        case branches
        /// xrdcp failed.
        case copyFailed
        /// The dataset metadata's `nevents` differs from the events processed.
        case initialEventsMismatch
        /// Input skimmed files do not fit together (different branches), or a written file is wrong.
        case inconsistentFiles
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
