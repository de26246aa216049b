// Analysis layer: the error of the output file — one that cannot be read, is cut short or is not
// ours; outputs that cannot be merged; and fills the output was not prepared for.

/// A problem with an analysis output, naming the file, the histogram or the dataset concerned.
public struct AnalysisOutputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// The file cannot be read or written (missing, permissions, disk full).
        case io
        /// The file ends early (an interrupted job or copy).
        case truncated
        /// The file is not a pocket-coffea output (other JSON, another program's histograms).
        case notAnOutput
        /// The file was written by a newer pocket-coffea whose format this one does not know.
        case newerFormat
        /// The file is a pocket-coffea output, but an entry in it breaks the format.
        case malformed
        /// Two outputs cannot be added: a histogram's axes or storage differ.
        case incompatible
        /// Two outputs give different metadata for the same dataset.
        case conflictingMetadata
        /// A fill or declaration that does not match the declared histograms.
        case invalidUse
    }

    /// What went wrong.
    public var code: Code
    /// The file, when one is concerned.
    public var file: String?
    /// What is wrong and where (histogram, dataset, key).
    public var message: String

    public init(_ code: Code, file: String? = nil, _ message: String) {
        self.code = code
        self.file = file
        self.message = message
    }

    /// `FILE: MESSAGE`, or the message alone.
    public var description: String { file.map { "\($0): \(message)" } ?? message }

    /// The same error attributed to `file` (when it names none yet).
    public func inFile(_ file: String) -> AnalysisOutputError {
        var copy = self
        if copy.file == nil { copy.file = file }
        return copy
    }
}
