// Columnar layer: one axis of a histogram, as the UHI serialization (docs/specs/uhi.md) and
// boost-histogram define them — regular, variable, string category, integer category, boolean — with
// the name and label that hist keeps in the axis metadata.
//
// Bins along an axis are numbered as UHI stores them, flow bins included:
//
//     regular / variable:  [underflow?] bin 0 … bin N-1 [overflow?]
//     category:            category 0 … category N-1 [flow?]
//     boolean:             false, true

/// One axis of a ``Histogram``.
public struct HistogramAxis: Sendable, Equatable {
    /// The kind of axis and its binning.
    public enum Kind: Sendable, Equatable {
        /// `bins` equal bins over `[lower, upper)`; a circular axis wraps values into that range.
        case regular(bins: Int, lower: Double, upper: Double, underflow: Bool, overflow: Bool, circular: Bool)
        /// Bins between consecutive `edges` (lower edge inclusive, upper exclusive).
        case variable(edges: [Double], underflow: Bool, overflow: Bool, circular: Bool)
        /// Named bins; `flow` adds one bin after them for unknown names; `growth` appends unknown names instead.
        case stringCategory(categories: [String], flow: Bool, growth: Bool)
        /// Integer-labelled bins, with flow and growth as for string categories.
        case integerCategory(categories: [Int], flow: Bool, growth: Bool)
        /// Two bins, false then true.
        case boolean
    }

    /// The axis name (hist's `name`, used to address the axis).
    public var name: String
    /// The axis label for plots (hist's `label`).
    public var label: String
    /// The kind and binning.
    public internal(set) var kind: Kind

    private init(name: String, label: String, kind: Kind) {
        self.name = name
        self.label = label
        self.kind = kind
    }

    // MARK: - Construction

    /// A regular axis of `bins` equal bins over `[lower, upper)`, with underflow and overflow bins by default.
    ///
    /// - Throws: ``HistogramError`` `.invalidAxis` when `bins < 1`, the bounds are not finite or `lower >= upper`.
    public static func regular(
        bins: Int, lower: Double, upper: Double, name: String, label: String = "", underflow: Bool = true,
        overflow: Bool = true, circular: Bool = false
    ) throws(HistogramError) -> HistogramAxis {
        guard bins >= 1 else { throw invalid(name, "a regular axis needs at least one bin, got \(bins)") }
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw invalid(name, "a regular axis needs finite bounds with lower < upper, got [\(lower), \(upper))")
        }
        return HistogramAxis(
            name: name, label: label,
            kind: .regular(
                bins: bins, lower: lower, upper: upper, underflow: underflow, overflow: overflow, circular: circular))
    }

    /// A variable-width axis with bins between consecutive `edges`, with underflow and overflow bins by default.
    ///
    /// - Throws: ``HistogramError`` `.invalidAxis` unless there are at least two finite, strictly increasing edges.
    public static func variable(
        edges: [Double], name: String, label: String = "", underflow: Bool = true, overflow: Bool = true,
        circular: Bool = false
    ) throws(HistogramError) -> HistogramAxis {
        guard edges.count >= 2, edges.allSatisfy(\.isFinite), zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 })
        else {
            throw invalid(name, "a variable axis needs at least two finite, strictly increasing edges, got \(edges)")
        }
        return HistogramAxis(
            name: name, label: label,
            kind: .variable(edges: edges, underflow: underflow, overflow: overflow, circular: circular))
    }

    /// A string category axis.
    ///
    /// - Parameters:
    ///   - growth: append unknown categories when filling (and union them when adding histograms).
    ///   - flow: keep a bin for unknown categories; defaults to `!growth`, as in hist.
    /// - Throws: ``HistogramError`` `.invalidAxis` when a category is repeated.
    public static func stringCategory(
        _ categories: [String], name: String, label: String = "", growth: Bool = false, flow: Bool? = nil
    ) throws(HistogramError) -> HistogramAxis {
        guard Set(categories).count == categories.count else {
            throw invalid(name, "categories must be unique, got \(categories)")
        }
        return HistogramAxis(
            name: name, label: label,
            kind: .stringCategory(categories: categories, flow: flow ?? !growth, growth: growth))
    }

    /// An integer category axis; `growth` and `flow` as for ``stringCategory(_:name:label:growth:flow:)``.
    ///
    /// - Throws: ``HistogramError`` `.invalidAxis` when a category is repeated.
    public static func integerCategory(
        _ categories: [Int], name: String, label: String = "", growth: Bool = false, flow: Bool? = nil
    ) throws(HistogramError) -> HistogramAxis {
        guard Set(categories).count == categories.count else {
            throw invalid(name, "categories must be unique, got \(categories)")
        }
        return HistogramAxis(
            name: name, label: label,
            kind: .integerCategory(categories: categories, flow: flow ?? !growth, growth: growth))
    }

    /// A boolean axis: bin 0 is false, bin 1 is true.
    public static func boolean(name: String, label: String = "") -> HistogramAxis {
        HistogramAxis(name: name, label: label, kind: .boolean)
    }

    private static func invalid(_ name: String, _ message: String) -> HistogramError {
        HistogramError(.invalidAxis, "axis '\(name)': \(message)")
    }

    // MARK: - Shape

    /// The number of bins along the axis, flow bins included (the length of this axis in UHI arrays).
    public var extent: Int {
        switch kind {
        case .regular(let bins, _, _, let underflow, let overflow, _):
            bins + (underflow ? 1 : 0) + (overflow ? 1 : 0)
        case .variable(let edges, let underflow, let overflow, _):
            edges.count - 1 + (underflow ? 1 : 0) + (overflow ? 1 : 0)
        case .stringCategory(let categories, let flow, _): categories.count + (flow ? 1 : 0)
        case .integerCategory(let categories, let flow, _): categories.count + (flow ? 1 : 0)
        case .boolean: 2
        }
    }

    /// The string categories, or `nil` when this is not a string category axis.
    public var stringCategories: [String]? {
        if case .stringCategory(let categories, _, _) = kind { return categories }
        return nil
    }

    /// The integer categories, or `nil` when this is not an integer category axis.
    public var integerCategories: [Int]? {
        if case .integerCategory(let categories, _, _) = kind { return categories }
        return nil
    }

    /// Whether filling or adding may append categories.
    public var growth: Bool {
        switch kind {
        case .stringCategory(_, _, let growth), .integerCategory(_, _, let growth): growth
        case .regular, .variable, .boolean: false
        }
    }

    /// The type name UHI uses for this kind of axis.
    public var typeName: String {
        switch kind {
        case .regular: "regular"
        case .variable: "variable"
        case .stringCategory: "category_str"
        case .integerCategory: "category_int"
        case .boolean: "boolean"
        }
    }
}
