// Condor layer: a submit file that cannot be read, with the line to look at.

/// A submit file this reader cannot read or expand.
public struct SubmitFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The submit file, when known.
    public var path: String?
    /// The 1-based line the problem is on, when it has one.
    public var line: Int?
    /// What is wrong and what would work.
    public var message: String

    public init(path: String? = nil, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        let place = [path, line.map(String.init)].compactMap { $0 }.joined(separator: ":")
        return place.isEmpty ? message : "\(place): \(message)"
    }
}
