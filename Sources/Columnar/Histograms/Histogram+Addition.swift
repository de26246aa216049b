// Columnar layer: exact addition of histograms, as merging job outputs needs it. Axes must agree in
// kind, name and binning; growing category axes take the union of their categories (the jobs of a
// campaign hold different datasets), with this histogram's categories first, then the other's new ones.

extension Histogram {
    /// Adds `other` bin by bin; categories of growing category axes are united first.
    ///
    /// The metadata of this histogram is kept. A bin is the same sum of floating-point numbers whatever
    /// the order of additions only when the sums are exact (integer weights); otherwise it differs by rounding.
    ///
    /// - Throws: ``HistogramError`` `.incompatible` naming the axis when the storages, the number of axes,
    ///   or an axis's name, kind, binning, flow bins or (for axes that do not grow) categories differ.
    public mutating func add(_ other: Histogram) throws(HistogramError) {
        try checkAddable(other)
        var maps: [[Int]?] = []
        for position in axes.indices {
            switch (axes[position].kind, other.axes[position].kind) {
            case (.stringCategory(let ours, _, _), .stringCategory(let others, _, _)):
                maps.append(
                    unite(ours, others, at: position, flow: other.axes[position].extent > others.count) {
                        $0.append(category: $1)
                    })
            case (.integerCategory(let ours, _, _), .integerCategory(let others, _, _)):
                maps.append(
                    unite(ours, others, at: position, flow: other.axes[position].extent > others.count) {
                        $0.append(integerCategories: [$1])
                    })
            default:
                maps.append(nil)
            }
        }
        let (otherShape, ownShape) = (other.shape, shape)
        Self.addBins(of: other.values, shape: otherShape, maps: maps, into: &values, shape: ownShape)
        if storage == .weighted {
            Self.addBins(of: other.variances, shape: otherShape, maps: maps, into: &variances, shape: ownShape)
        }
    }

    /// Checks that ``add(_:)`` would accept `other`, without changing anything.
    ///
    /// - Throws: ``HistogramError`` `.incompatible`, as ``add(_:)`` does.
    public func checkAddable(_ other: Histogram) throws(HistogramError) {
        guard storage == other.storage else {
            throw HistogramError(
                .incompatible, "storage '\(storage.rawValue)' cannot be added to storage '\(other.storage.rawValue)'")
        }
        guard axes.count == other.axes.count else {
            throw HistogramError(.incompatible, "\(axes.count) axes cannot be added to \(other.axes.count) axes")
        }
        for (position, (mine, theirs)) in zip(axes, other.axes).enumerated() {
            guard mine.name == theirs.name else {
                throw HistogramError(
                    .incompatible, "axis \(position) is '\(mine.name)' here and '\(theirs.name)' in the other histogram"
                )
            }
            switch (mine.kind, theirs.kind) {
            case (
                .stringCategory(let ours, let flow, let growth),
                .stringCategory(let others, let otherFlow, let otherGrowth)
            ):
                try Self.checkCategories(
                    ours, others, flows: (flow, otherFlow), growth: growth && otherGrowth, axis: mine.name)
            case (
                .integerCategory(let ours, let flow, let growth),
                .integerCategory(let others, let otherFlow, let otherGrowth)
            ):
                try Self.checkCategories(
                    ours, others, flows: (flow, otherFlow), growth: growth && otherGrowth, axis: mine.name)
            default:
                guard mine.kind == theirs.kind else {
                    throw HistogramError(
                        .incompatible,
                        "axis '\(mine.name)' is \(mine.binningDescription) here and \(theirs.binningDescription) in the other histogram"
                    )
                }
            }
        }
    }

    private static func checkCategories<Category: Hashable>(
        _ ours: [Category], _ others: [Category], flows: (Bool, Bool), growth: Bool, axis: String
    ) throws(HistogramError) {
        guard flows.0 == flows.1 else {
            throw HistogramError(.incompatible, "axis '\(axis)' has a flow bin on one side only")
        }
        guard ours == others || growth else {
            throw HistogramError(
                .incompatible,
                "axis '\(axis)' has categories \(ours) here and \(others) in the other histogram, and does not grow")
        }
    }

    /// The sum of this histogram and `other` (see ``add(_:)``).
    public func adding(_ other: Histogram) throws(HistogramError) -> Histogram {
        var sum = self
        try sum.add(other)
        return sum
    }

    /// Grows the category axis at `position` by the categories of `others` it lacks, and returns where each
    /// bin of the other axis goes (`nil` when the categories are the same).
    private mutating func unite<Category: Hashable>(
        _ ours: [Category], _ others: [Category], at position: Int, flow: Bool,
        append: (inout HistogramAxis, Category) -> Void
    ) -> [Int]? {
        guard ours != others else { return nil }
        let mine = axes[position]
        var united = ours
        var grown = mine
        // Category axes are mostly short (datasets, categories, variations), where a linear search beats
        // hashing; long ones get an index.
        var index =
            ours.count * others.count > 4096
            ? Dictionary(uniqueKeysWithValues: ours.enumerated().map { ($1, $0) }) : nil
        let map = others.map { category in
            if let found = index.map({ $0[category] }) ?? united.firstIndex(of: category) { return found }
            index?[category] = united.count
            united.append(category)
            append(&grown, category)
            return united.count - 1
        }
        if grown != mine {
            let added = united.count - ours.count
            relayout(axis: position, to: grown, map: (0..<mine.extent).map { $0 < ours.count ? $0 : $0 + added })
        }
        return map + (flow ? [united.count] : [])
    }
}

extension HistogramAxis {
    /// The kind and binning in words, for error messages: `regular (50 bins over [0, 250), flow: under, over)`.
    var binningDescription: String {
        func flow(_ underflow: Bool, _ overflow: Bool, _ circular: Bool) -> String {
            let parts = (underflow ? ["under"] : []) + (overflow ? ["over"] : []) + (circular ? ["circular"] : [])
            return parts.isEmpty ? "no flow" : "flow: " + parts.joined(separator: ", ")
        }
        switch kind {
        case .regular(let bins, let lower, let upper, let underflow, let overflow, let circular):
            return "regular (\(bins) bins over [\(lower), \(upper)), \(flow(underflow, overflow, circular)))"
        case .variable(let edges, let underflow, let overflow, let circular):
            return "variable (edges \(edges), \(flow(underflow, overflow, circular)))"
        case .stringCategory(let categories, _, _): return "category_str \(categories)"
        case .integerCategory(let categories, _, _): return "category_int \(categories)"
        case .boolean: return "boolean"
        }
    }
}
