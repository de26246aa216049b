// Columnar layer: a dense N-dimensional histogram as UHI stores it — one flat row-major array per
// storage quantity, flow bins included, first axis outermost. The processor fills it (Histogram+Fill),
// merges add it (Histogram+Addition), and UHI JSON carries it between jobs and to hist.

/// A dense histogram with int, double or weighted (Σw, Σw²) storage.
///
/// The bin of axis indices `(i0, i1, …)` (flow bins counted, as in ``HistogramAxis``) is at
/// `Σ i_a · strides[a]` in ``values`` and ``variances``.
public struct Histogram: Sendable, Equatable {
    /// What each bin accumulates.
    public enum Storage: String, Sendable {
        /// The number of entries (no weights), written as integers.
        case int
        /// The sum of weights.
        case double
        /// The sum of weights in ``Histogram/values`` and of squared weights in ``Histogram/variances``.
        case weighted
    }

    /// The axes, outermost first.
    public internal(set) var axes: [HistogramAxis]
    /// The storage kind.
    public let storage: Storage
    /// Σw per bin (the count for `.int`), flow bins included, row-major.
    public internal(set) var values: [Double]
    /// Σw² per bin for `.weighted` storage; empty for the others.
    public internal(set) var variances: [Double]
    /// The histogram's own metadata (UHI `metadata`): scalar values by key.
    public var metadata: [String: MetadataValue]

    /// An empty histogram.
    public init(axes: [HistogramAxis], storage: Storage = .weighted, metadata: [String: MetadataValue] = [:]) {
        self.axes = axes
        self.storage = storage
        self.metadata = metadata
        let size = axes.reduce(1) { $0 * $1.extent }
        values = Array(repeating: 0, count: size)
        variances = storage == .weighted ? Array(repeating: 0, count: size) : []
    }

    /// A histogram with given contents.
    ///
    /// - Throws: ``HistogramError`` `.invalidFill` when an array's length is not the product of the axes'
    ///   extents, `variances` is given for a storage other than `.weighted` (or missing for it), or an
    ///   int-storage value is not a whole number.
    public init(
        axes: [HistogramAxis], storage: Storage, values: [Double], variances: [Double] = [],
        metadata: [String: MetadataValue] = [:]
    ) throws(HistogramError) {
        let size = axes.reduce(1) { $0 * $1.extent }
        guard values.count == size else {
            throw HistogramError(.invalidFill, "\(values.count) values for \(size) bins (flow bins included)")
        }
        guard variances.count == (storage == .weighted ? size : 0) else {
            throw HistogramError(
                .invalidFill,
                storage == .weighted
                    ? "\(variances.count) variances for \(size) bins" : "only weighted storage has variances")
        }
        if storage == .int, let value = values.first(where: { $0.rounded(.towardZero) != $0 }) {
            throw HistogramError(.invalidFill, "int storage holds whole numbers, found \(value)")
        }
        self.axes = axes
        self.storage = storage
        self.values = values
        self.variances = variances
        self.metadata = metadata
    }

    /// The extent of each axis, flow bins included.
    public var shape: [Int] { axes.map(\.extent) }

    /// The distance in ``values`` between consecutive bins of each axis.
    public var strides: [Int] {
        var strides = [Int](repeating: 1, count: axes.count)
        for position in axes.indices.reversed().dropFirst() {
            strides[position] = strides[position + 1] * axes[position + 1].extent
        }
        return strides
    }

    /// The positions in ``axes`` of the string category axes: a fill gives one category for each.
    public var categoryAxisPositions: [Int] { axes.indices.filter { axes[$0].stringCategories != nil } }

    /// The positions in ``axes`` of the other axes: a fill gives one array of numbers for each.
    public var numericAxisPositions: [Int] { axes.indices.filter { axes[$0].stringCategories == nil } }

    /// The flat position of the bin at `indices` (one per axis, flow bins counted), or `nil` when out of range.
    public func offset(of indices: [Int]) -> Int? {
        guard indices.count == axes.count else { return nil }
        var offset = 0
        for (position, stride) in strides.enumerated() {
            guard (0..<axes[position].extent).contains(indices[position]) else { return nil }
            offset += indices[position] * stride
        }
        return offset
    }

    /// Adds `value` to the bin at `indices` (one per axis, flow bins counted), and `variance` to its Σw² for
    /// weighted storage: contents summed elsewhere, such as a cutflow step's events and Σw, Σw².
    ///
    /// - Throws: ``HistogramError`` `.invalidFill` when the indices are out of range, or `value` is not a
    ///   whole number for int storage.
    public mutating func add(value: Double, variance: Double = 0, at indices: [Int]) throws(HistogramError) {
        guard let offset = offset(of: indices) else {
            throw HistogramError(.invalidFill, "bin \(indices) is out of range for the shape \(shape)")
        }
        guard storage != .int || value.rounded(.towardZero) == value else {
            throw HistogramError(.invalidFill, "int storage holds whole numbers, got \(value)")
        }
        values[offset] += value
        if storage == .weighted { variances[offset] += variance }
    }

    /// Multiplies every bin by `factor` (variances by `factor²`), as for a luminosity or cross-section weight.
    ///
    /// - Throws: ``HistogramError`` `.unsupported` for `.int` storage, which holds entry counts.
    public mutating func scale(by factor: Double) throws(HistogramError) {
        guard storage != .int else {
            throw HistogramError(.unsupported, "an int-storage histogram counts entries and cannot be scaled")
        }
        for index in values.indices { values[index] *= factor }
        let square = factor * factor
        for index in variances.indices { variances[index] *= square }
    }
}
