// Configuration layer: the single error type for bad user input (YAML, JSON, options, filters).
// Every message names where the problem is and how to fix it, on one line.

/// A problem in something the user wrote: a file, a key in it, or a command-line option.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which rule was broken, for tests and for callers that react to a kind of failure.
    public enum Code: String, Sendable {
        /// The file could not be read at all.
        case unreadableFile
        /// The text is not valid JSON or YAML.
        case malformedSyntax
        /// A key holds a value of the wrong kind or out of range.
        case invalidValue
        /// A required key is absent.
        case missingKey
        /// A key is not part of the format.
        case unknownKey
        /// An executor string that names no known executor or site.
        case unknownExecutor
        /// Filters or limits left nothing to process.
        case emptySelection
    }

    /// The rule that was broken.
    public var code: Code
    /// The file, when the problem is in one.
    public var file: String?
    /// Where in the file: `line:column`, or a key path such as `general.scaleout`.
    public var location: String?
    /// What is wrong.
    public var message: String
    /// How to fix it, when there is something useful to say.
    public var fix: String?

    public init(_ code: Code, file: String? = nil, location: String? = nil, _ message: String, fix: String? = nil) {
        self.code = code
        self.file = file
        self.location = location
        self.message = message
        self.fix = fix
    }

    /// `FILE:LOCATION: MESSAGE. FIX` on one line.
    public var description: String {
        var place = [file, location].compactMap { $0 }.joined(separator: ":")
        if !place.isEmpty { place += ": " }
        let text = place + message
        guard let fix else { return text }
        return text + (text.hasSuffix(".") ? " " : "; ") + fix
    }

    /// The same error, attributed to `file` when it had no file yet.
    public func inFile(_ path: String) -> ConfigurationError {
        var copy = self
        if copy.file == nil { copy.file = path }
        return copy
    }
}
