// Analysis layer: merging outputs is exact addition. Histograms add bin by bin (datasets unite; the
// categories and variations must be the same), counts add, skipped and skimmed files are appended, wall times
// add, and the metadata of a dataset present in both must agree. Everything is checked before
// anything changes, so a failed merge leaves the output as it was. Replacing datasets (merge-outputs
// --replace) removes them first.

import Columnar

extension AnalysisOutput {
    /// The bytes of every histogram's bins (values and variances): what the memory of a merged output grows
    /// with as datasets, categories and variations are added.
    public var binBytes: Int {
        let fixed = [cutflowEvents, cutflowSumw, sumGenweights, sumSignOfGenweights]
        return (Array(variables.values) + fixed).reduce(0) { $0 + 8 * ($1.values.count + $1.variances.count) }
    }

    /// Adds `other` to this output.
    ///
    /// - Throws: ``AnalysisOutputError`` `.incompatible` naming the histogram and axis whose binning,
    ///   categories or variations differ; `.conflictingMetadata` naming the dataset and key.
    public mutating func merge(_ other: AnalysisOutput) throws(AnalysisOutputError) {
        try checkMergeable(with: other)
        for (name, histogram) in other.variables {
            guard var mine = variables.removeValue(forKey: name) else {
                variables[name] = histogram
                continue
            }
            Self.add(histogram, to: &mine)
            variables[name] = mine
        }
        Self.add(other.cutflowEvents, to: &cutflowEvents)
        Self.add(other.cutflowSumw, to: &cutflowSumw)
        Self.add(other.sumGenweights, to: &sumGenweights)
        Self.add(other.sumSignOfGenweights, to: &sumSignOfGenweights)
        for (dataset, metadata) in other.datasets {
            datasets[dataset, default: [:]].merge(metadata) { current, _ in current }
        }
        for (dataset, counts) in other.processed {
            recordProcessed(dataset: dataset, events: counts.events, chunks: counts.chunks, files: counts.files)
        }
        skippedFiles += other.skippedFiles
        skimmedFiles += other.skimmedFiles
        for (key, table) in other.columnTables {
            if columnTables[key] == nil { columnTables[key] = table } else { columnTables[key]?.append(table) }
        }
        wallTime += other.wallTime
        if version != other.version {
            version = Set((version + "," + other.version).split(separator: ",")).sorted().joined(separator: ",")
        }
    }

    /// The sum of this output and `other` (see ``merge(_:)``).
    public func merged(with other: AnalysisOutput) throws(AnalysisOutputError) -> AnalysisOutput {
        var sum = self
        try sum.merge(other)
        return sum
    }

    /// Checks that ``merge(_:)`` would accept `other`, without changing anything.
    ///
    /// - Throws: ``AnalysisOutputError`` as ``merge(_:)`` does.
    public func checkMergeable(with other: AnalysisOutput) throws(AnalysisOutputError) {
        let pairs =
            variables.compactMap { name, mine in other.variables[name].map { ("hist/" + name, mine, $0) } }
            + [
                ("cutflow/events", cutflowEvents, other.cutflowEvents),
                ("cutflow/sumw", cutflowSumw, other.cutflowSumw),
                ("sum_genweights", sumGenweights, other.sumGenweights),
                ("sum_signOf_genweights", sumSignOfGenweights, other.sumSignOfGenweights),
            ]
        for (name, mine, theirs) in pairs.sorted(by: { $0.0 < $1.0 }) {
            do {
                try mine.checkAddable(theirs)
            } catch {
                throw AnalysisOutputError(.incompatible, "histogram '\(name)': \(error.message)")
            }
            guard name.hasPrefix("hist/"), let ours = mine.axes[1].stringCategories,
                let others = theirs.axes[1].stringCategories
            else { continue }
            if !ours.isEmpty, !others.isEmpty, ours != others, Set(ours) != Set(others) {
                throw AnalysisOutputError(
                    .incompatible,
                    "histogram '\(name)': categories \(ours) here and \(others) in the other output (different configurations?)"
                )
            }
        }
        for (dataset, metadata) in other.datasets.sorted(by: { $0.key < $1.key }) {
            try Self.checkConflicts(datasets[dataset] ?? [:], metadata, dataset: dataset)
        }
        for (key, table) in other.columnTables.sorted(by: { $0.key < $1.key }) {
            guard let mine = columnTables[key], !mine.matches(table) else { continue }
            throw AnalysisOutputError(
                .incompatible,
                "columns of \(key.treeName): \(mine.columns.map(\.name)) here and \(table.columns.map(\.name)) in the other output"
            )
        }
    }

    /// The datasets this output holds results, counts or metadata of.
    public var datasetNames: Set<String> {
        var names = Set(datasets.keys).union(processed.keys).union(skippedFiles.map(\.dataset))
            .union(skimmedFiles.map(\.dataset))
        for histogram in [cutflowEvents, sumGenweights] + Array(variables.values) {
            names.formUnion(histogram.axes[0].stringCategories ?? [])
        }
        return names
    }

    /// Removes `names` from the dataset axis of every histogram, with their counts, metadata, skipped and
    /// skimmed files.
    public mutating func remove(datasets names: Set<String>) {
        for name in Array(variables.keys) { variables[name]?.remove(categories: names, axis: 0) }
        cutflowEvents.remove(categories: names, axis: 0)
        cutflowSumw.remove(categories: names, axis: 0)
        sumGenweights.remove(categories: names, axis: 0)
        sumSignOfGenweights.remove(categories: names, axis: 0)
        for name in names {
            datasets[name] = nil
            processed[name] = nil
        }
        skippedFiles.removeAll { names.contains($0.dataset) }
        columnTables = columnTables.filter { !names.contains($0.key.dataset) }
        skimmedFiles.removeAll { names.contains($0.dataset) }
    }

    /// Merges `other` after removing from this output the datasets `other` holds, so that its results
    /// replace them instead of adding to them (`merge-outputs --replace`).
    ///
    /// - Throws: ``AnalysisOutputError`` as ``merge(_:)`` does; the output is then unchanged.
    public mutating func replaceDatasets(with other: AnalysisOutput) throws(AnalysisOutputError) {
        var replaced = self
        replaced.remove(datasets: other.datasetNames)
        try replaced.merge(other)
        self = replaced
    }

    /// Adds a histogram already checked by `checkAddable`.
    private static func add(_ histogram: Histogram, to sum: inout Histogram) {
        do {
            try sum.add(histogram)
        } catch {
            preconditionFailure("checked before adding: \(error)")
        }
    }
}
