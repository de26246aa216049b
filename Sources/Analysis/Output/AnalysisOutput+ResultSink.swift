// Analysis layer: the processor's side of the output — the ResultSink the chunk processor fills, and
// the records of datasets and skipped files the local runner adds.

import Columnar

extension AnalysisOutput: ResultSink {
    /// Declares the histogram of a plan's variable (see ``declare(variable:axes:variations:categories:)``).
    public mutating func declare(_ variable: VariablePlan, variations: [String]) throws {
        var axes: [HistogramAxis] = []
        do {
            for axis in variable.axes {
                switch axis.binning {
                case .regular(let bins, let start, let stop):
                    axes.append(try .regular(bins: bins, lower: start, upper: stop, name: axis.name, label: axis.label))
                case .variable(let edges):
                    axes.append(try .variable(edges: edges, name: axis.name, label: axis.label))
                }
            }
        } catch {
            throw AnalysisOutputError(.invalidUse, "variable '\(variable.name)': \(error.message)")
        }
        try declare(variable: variable.name, axes: axes, variations: variations)
    }

    /// Appends the columns of one dataset and category.
    ///
    /// - Throws: ``AnalysisOutputError`` `.invalidUse` when the table's columns differ from earlier ones.
    public mutating func saveColumns(dataset: String, category: String, table: ColumnTable) throws {
        let key = ColumnTable.Key(dataset: dataset, category: category)
        guard let existing = columnTables[key] else {
            columnTables[key] = table
            return
        }
        guard existing.matches(table) else {
            throw AnalysisOutputError(.invalidUse, "columns of \(key.treeName) changed between blocks of events")
        }
        columnTables[key]?.append(table)
    }

    /// Adds a cutflow step's events, one weight per event (in order, so Σw matches hist's fill).
    public mutating func addCutflow(dataset: String, step: String, weights: [Double]) {
        addCutflow(dataset: dataset, step: step, weights: .values(weights))
    }

    /// Adds a cutflow step's events with their weights.
    public mutating func addCutflow(dataset: String, step: String, weights: EventWeights) {
        let (sumw, sumw2) = weights.sums
        addCutflow(dataset: dataset, step: step, events: Double(weights.count), sumw: sumw, sumw2: sumw2)
    }

    /// Records a dataset's metadata (name, sample, year, isMC, xsec) and events and chunks processed.
    ///
    /// - Throws: ``AnalysisOutputError`` `.conflictingMetadata` when the dataset was recorded with other values.
    public mutating func recordDataset(_ dataset: DatasetInfo, events: Int64, chunks: Int) throws(AnalysisOutputError) {
        var metadata: [String: MetadataValue] = ["sample": .string(dataset.sample), "isMC": .bool(dataset.isMC)]
        if let year = dataset.year { metadata["year"] = .string(year) }
        if let xsec = dataset.crossSection { metadata["xsec"] = .double(xsec) }
        try declare(dataset: dataset.name, metadata: metadata)
        recordProcessed(dataset: dataset.name, events: Int(events), chunks: chunks)
    }
}
