// ROOTIO layer: the error for a file whose bytes do not follow the ROOT format, or use a part of it
// this reader does not implement. Every message names the file and what was being read.

/// A ROOT file that cannot be read: malformed, truncated, or using an unsupported feature.
public struct ROOTFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in broad strokes.
    public enum Kind: Sendable, Equatable {
        /// The bytes contradict the format (bad magic, sizes out of range, a stream that overruns).
        case malformed
        /// A valid feature this reader does not implement.
        case unsupported
        /// A tree, branch or key that is not in the file.
        case notFound
        /// A basket payload that does not decompress.
        case compression
    }

    public var kind: Kind
    /// The file's address, when known.
    public var file: String
    /// What was wrong, including what was being read.
    public var message: String

    public init(_ kind: Kind, _ message: String, file: String = "") {
        self.kind = kind
        self.message = message
        self.file = file
    }

    /// The same error, attributed to `file`.
    func inFile(_ file: String) -> ROOTFormatError {
        var copy = self
        if copy.file.isEmpty { copy.file = file }
        return copy
    }

    public var description: String { file.isEmpty ? message : "\(file): \(message)" }
}
