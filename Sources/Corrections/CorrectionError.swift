// Corrections layer: the one error type of correctionlib files — loading (unreadable file, bad JSON,
// a structure the schema forbids, a node type this evaluator does not run) and evaluation (a value
// outside a binning with flow "error", a category key that is not there, inputs of the wrong type).

/// A problem with a correctionlib file or with evaluating one of its corrections.
public struct CorrectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem.
    public enum Code: String, Sendable {
        /// The file could not be read or decompressed.
        case unreadableFile
        /// The text is not JSON.
        case malformedJSON
        /// The JSON does not follow correctionlib's schema v2.
        case invalidSchema
        /// A node type this evaluator does not run (lwtnn).
        case unsupported
        /// No correction of that name in the set.
        case unknownCorrection
        /// The inputs given to an evaluation do not match the correction's inputs.
        case wrongInputs
        /// A value outside the edges of a binning whose flow is "error".
        case outOfBounds
        /// A category key that is not in a category node without default.
        case missingCategory
        /// A value that cannot be binned or converted (NaN in a uniform binning, a transform result out of range).
        case invalidValue
    }

    /// The kind of problem.
    public var code: Code
    /// The file, when the problem is in one.
    public var file: String?
    /// Where: a JSON path (`corrections[0].data.content[2]`) or a correction name.
    public var location: String?
    /// What is wrong.
    public var message: String

    /// An error of kind `code`.
    public init(_ code: Code, file: String? = nil, location: String? = nil, _ message: String) {
        self.code = code
        self.file = file
        self.location = location
        self.message = message
    }

    /// `FILE:LOCATION: MESSAGE` on one line.
    public var description: String {
        let place = [file, location].compactMap { $0 }.joined(separator: ":")
        return place.isEmpty ? message : place + ": " + message
    }

    /// The same error, attributed to `path` when it had no file yet.
    func inFile(_ path: String) -> CorrectionError {
        var copy = self
        if copy.file == nil { copy.file = path }
        return copy
    }
}
