// Configuration layer: which datasets and files a run processes — the configurator's `datasets.filter`
// (samples, samples_exclude, year), the command line's --filter-samples/--filter-years/--filter-datasets,
// and --limit-files. A selection that leaves nothing is an error, not an empty run.

/// Conditions a dataset must meet to be processed; `nil` means no condition.
public struct DatasetFilter: Sendable, Equatable {
    /// Keep only datasets of these samples.
    public var samples: [String]?
    /// Drop datasets of these samples.
    public var samplesExclude: [String]?
    /// Keep only datasets of these years.
    public var years: [String]?
    /// Keep only datasets with these names.
    public var datasets: [String]?
    /// Drop datasets with these names.
    public var datasetsExclude: [String]?

    public init(
        samples: [String]? = nil, samplesExclude: [String]? = nil, years: [String]? = nil,
        datasets: [String]? = nil, datasetsExclude: [String]? = nil
    ) {
        self.samples = samples
        self.samplesExclude = samplesExclude
        self.years = years
        self.datasets = datasets
        self.datasetsExclude = datasetsExclude
    }

    /// Whether `dataset` passes every condition.
    public func accepts(_ dataset: Dataset) -> Bool {
        if let samples, !samples.contains(dataset.sample) { return false }
        if let samplesExclude, samplesExclude.contains(dataset.sample) { return false }
        if let years, !years.contains(dataset.year ?? "") { return false }
        if let datasets, !datasets.contains(dataset.name) { return false }
        if let datasetsExclude, datasetsExclude.contains(dataset.name) { return false }
        return true
    }

    /// Both filters at once: a dataset must pass this one and `other`.
    public func intersected(with other: DatasetFilter) -> DatasetFilter {
        func both(_ lhs: [String]?, _ rhs: [String]?) -> [String]? {
            guard let lhs else { return rhs }
            guard let rhs else { return lhs }
            return lhs.filter(rhs.contains)
        }
        func either(_ lhs: [String]?, _ rhs: [String]?) -> [String]? {
            guard let lhs else { return rhs }
            guard let rhs else { return lhs }
            return lhs + rhs.filter { !lhs.contains($0) }
        }
        return DatasetFilter(
            samples: both(samples, other.samples), samplesExclude: either(samplesExclude, other.samplesExclude),
            years: both(years, other.years), datasets: both(datasets, other.datasets),
            datasetsExclude: either(datasetsExclude, other.datasetsExclude))
    }

    /// A readable account of the conditions, for the "nothing left" error.
    public var summary: String {
        let parts: [(String, [String]?)] = [
            ("samples", samples), ("samples_exclude", samplesExclude), ("year", years),
            ("datasets", datasets), ("datasets_exclude", datasetsExclude),
        ]
        let described = parts.compactMap { name, values in values.map { "\(name)=[\($0.joined(separator: ", "))]" } }
        return described.isEmpty ? "no filter" : described.joined(separator: " ")
    }
}

extension DatasetCatalog {
    /// The datasets that pass `filter`, each cut to its first `limitFiles` files when given.
    ///
    /// - Throws: ``ConfigurationError`` `.emptySelection` when nothing is left, listing what exists.
    public func selecting(_ filter: DatasetFilter, limitFiles: Int? = nil) throws(ConfigurationError) -> DatasetCatalog
    {
        var kept = datasets.filter(filter.accepts)
        guard !kept.isEmpty else {
            let samples = Array(Set(datasets.map(\.sample))).sorted()
            let years = Array(Set(datasets.compactMap(\.year))).sorted()
            throw ConfigurationError(
                .emptySelection, "the dataset filter (\(filter.summary)) leaves no dataset",
                fix:
                    "available samples: [\(samples.joined(separator: ", "))], years: [\(years.joined(separator: ", "))]"
            )
        }
        if let limitFiles {
            for index in kept.indices { kept[index].files = Array(kept[index].files.prefix(limitFiles)) }
        }
        let empty = kept.filter { $0.files.isEmpty }.map(\.name)
        if empty.count == kept.count {
            throw ConfigurationError(
                .emptySelection, "the selected datasets have no files: \(empty.joined(separator: ", "))",
                fix: "check the 'files' lists of the dataset JSON")
        }
        return DatasetCatalog(datasets: kept)
    }
}
