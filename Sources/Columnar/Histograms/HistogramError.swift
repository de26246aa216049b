// Columnar layer: the one error type of histograms — a bad axis definition, a fill whose arrays do not
// match the axes, two histograms that cannot be added, and UHI JSON or zip files that cannot be read.

/// A histogram operation that cannot be done, with the histogram and axis it concerns.
public struct HistogramError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which rule was broken.
    public enum Code: String, Sendable {
        /// An axis definition is impossible (no bins, lower ≥ upper, unsorted edges, repeated categories).
        case invalidAxis
        /// A fill does not match the axes (wrong number of category values or arrays, unequal lengths).
        case invalidFill
        /// Two histograms differ in storage, number of axes, or an axis's kind, binning or name.
        case incompatible
        /// The text is not JSON.
        case malformedJSON
        /// The text ends before the JSON value does (a file cut short).
        case truncatedJSON
        /// The file is not a sound zip archive (bad record, checksum mismatch, member missing or compressed
        /// in a way this reader does not know).
        case malformedArchive
        /// The zip archive ends before its end records (a file cut short).
        case truncatedArchive
        /// The JSON does not follow the UHI schema.
        case invalidUHI
        /// Valid UHI that this reader does not implement (mean storages, out-of-band arrays).
        case unsupported
    }

    /// The rule that was broken.
    public var code: Code
    /// What is wrong, naming the histogram and axis when known.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The same error with `context` (such as `histogram 'hist/mll'`) put in front of the message.
    public func within(_ context: String) -> HistogramError {
        HistogramError(code, "\(context): \(message)")
    }
}
