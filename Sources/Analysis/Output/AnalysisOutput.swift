// Analysis layer: everything one job — or a merge of jobs — produces: the histograms of the analysis
// variables, the cutflow, the sums of generator weights, and the datasets' and the processing's
// metadata. The processor builds it chunk by chunk; merge-outputs adds outputs exactly
// (AnalysisOutput+Merge); it is one UHI JSON file on disk (AnalysisOutput+File, docs/output-format.md).

import Columnar
import Configuration

/// The results of processing datasets, as written to one output file.
public struct AnalysisOutput: Sendable, Equatable {
    /// Counts of what was processed for one dataset.
    public struct Processed: Sendable, Equatable {
        /// Events read (before any cut).
        public var events: Int
        /// Chunks processed.
        public var chunks: Int
        /// Files processed to the end.
        public var files: Int

        public init(events: Int = 0, chunks: Int = 0, files: Int = 0) {
            self.events = events
            self.chunks = chunks
            self.files = files
        }
    }

    /// A file that could not be read and was skipped (`skip-bad-files`).
    public struct SkippedFileRecord: Sendable, Equatable, CustomStringConvertible {
        public var dataset: String
        /// The file's URL or path.
        public var file: String
        /// Why it could not be read.
        public var reason: String

        public init(dataset: String, file: String, reason: String) {
            self.dataset = dataset
            self.file = file
            self.reason = reason
        }

        /// `dataset | file | reason`.
        public var description: String { "\(dataset) | \(file) | \(reason)" }
    }

    /// The names of the axes that every variable histogram starts with.
    public static let leadingAxes = ["dataset", "category", "variation"]

    /// The pocket-coffea version that wrote the output (versions joined by `,` after merging different ones).
    public var version: String
    /// The variable histograms by variable name: axes dataset, category, variation, then the variable's.
    public internal(set) var variables: [String: Histogram] = [:]
    /// Events per dataset and cutflow step (int storage; axes dataset, step).
    public internal(set) var cutflowEvents: Histogram
    /// Σw and Σw² of the event weights per dataset and cutflow step (axes dataset, step).
    public internal(set) var cutflowSumw: Histogram
    /// Σ genWeight per dataset, before any cut (MC only).
    public internal(set) var sumGenweights: Histogram
    /// Σ sign(genWeight) per dataset, before any cut (MC only).
    public internal(set) var sumSignOfGenweights: Histogram
    /// Each dataset's metadata (`sample`, `year`, `isMC`, `xsec`, `nevents`, …) by dataset name.
    public internal(set) var datasets: [String: [String: MetadataValue]] = [:]
    /// What was processed, by dataset name.
    public internal(set) var processed: [String: Processed] = [:]
    /// Skipped files, in the order they were recorded (merges append).
    public internal(set) var skippedFiles: [SkippedFileRecord] = []
    /// Files written by a skim, in the order they were recorded (merges append).
    public internal(set) var skimmedFiles: [SkimmedFileRecord] = []
    /// Wall time in seconds, summed over merged outputs.
    public var wallTime: Double = 0
    /// Saved columns by dataset and category (`columns`); written beside the output file as ROOT trees
    /// (ColumnsFile), not in it.
    public internal(set) var columnTables: [ColumnTable.Key: ColumnTable] = [:]

    /// An empty output written by this build of pocket-coffea.
    public init() { self.init(version: Release.version) }

    /// An empty output written by pocket-coffea `version`.
    public init(version: String) {
        self.version = version
        cutflowEvents = Histogram(axes: [Self.datasetAxis, Self.stepAxis], storage: .int)
        cutflowSumw = Histogram(axes: [Self.datasetAxis, Self.stepAxis], storage: .weighted)
        sumGenweights = Histogram(axes: [Self.datasetAxis], storage: .double)
        sumSignOfGenweights = Histogram(axes: [Self.datasetAxis], storage: .double)
    }

    static var datasetAxis: HistogramAxis { growingAxis("dataset", label: "Dataset") }
    static var stepAxis: HistogramAxis { growingAxis("step", label: "Cutflow step") }

    private static func growingAxis(_ name: String, label: String) -> HistogramAxis {
        do {
            return try .stringCategory([], name: name, label: label, growth: true)
        } catch {
            preconditionFailure("an empty category list is always valid: \(error)")
        }
    }

    // MARK: - Declarations

    /// Declares the histogram of `variable`.
    ///
    /// Its axes are dataset (growing), category, variation (exactly `variations`), then `axes`. Declaring
    /// it again with the same axes and variations does nothing.
    ///
    /// - Parameter categories: the category names; `nil` lets the category axis grow as categories are
    ///   filled (merging still requires outputs to hold the same categories).
    /// - Throws: ``AnalysisOutputError`` `.invalidUse` when an axis is a string category or is named like a
    ///   leading axis, or the variable was declared with other axes or variations.
    public mutating func declare(
        variable: String, axes: [HistogramAxis], variations: [String], categories: [String]? = nil
    ) throws(AnalysisOutputError) {
        if let existing = variables[variable] {
            guard Array(existing.axes.dropFirst(3)) == axes, existing.axes[2].stringCategories == variations else {
                throw AnalysisOutputError(
                    .invalidUse, "variable '\(variable)' is already declared with other axes or variations")
            }
            return
        }
        for axis in axes where axis.stringCategories != nil || Self.leadingAxes.contains(axis.name) {
            throw AnalysisOutputError(
                .invalidUse,
                "variable '\(variable)': axis '\(axis.name)' must be numeric and not named "
                    + Self.leadingAxes.joined(separator: ", "))
        }
        do throws(HistogramError) {
            let category = try HistogramAxis.stringCategory(
                categories ?? [], name: "category", label: "Category", growth: categories == nil, flow: false)
            let variation = try HistogramAxis.stringCategory(
                variations, name: "variation", label: "Variation", flow: false)
            variables[variable] = Histogram(axes: [Self.datasetAxis, category, variation] + axes)
        } catch {
            throw AnalysisOutputError(.invalidUse, "variable '\(variable)': \(error.message)")
        }
    }

    /// Records a dataset's metadata (scalars only; keys must not contain `:`).
    ///
    /// - Throws: ``AnalysisOutputError`` `.conflictingMetadata` when a key already has another value,
    ///   `.invalidUse` for a key with `:` or one of the reserved `skipped_file.*`, `skipped_reason.*`,
    ///   `skimmed_file.*`, `skimmed_events.*`.
    public mutating func declare(dataset: String, metadata: [String: MetadataValue]) throws(AnalysisOutputError) {
        try Self.checkMetadata(metadata, dataset: dataset)
        try Self.checkConflicts(datasets[dataset] ?? [:], metadata, dataset: dataset)
        datasets[dataset, default: [:]].merge(metadata) { current, _ in current }
    }

    /// The metadata of a dataset definition entry as recorded in outputs: `sample`, `year`, `isMC`, `xsec`,
    /// `nevents` typed; other scalar keys as written; lists of scalars joined by `,`.
    public static func metadata(of dataset: Dataset) -> [String: MetadataValue] {
        var fields: [String: MetadataValue] = [:]
        for (key, value) in dataset.metadata.entries where !key.contains(":") && !isReserved(key) {
            switch value {
            case .string(let text): fields[key] = .string(text)
            case .int(let number): fields[key] = .int(number)
            case .double(let number): fields[key] = .double(number)
            case .bool(let flag): fields[key] = .bool(flag)
            case .array(let items): fields[key] = .string(items.compactMap(\.coercedString).joined(separator: ","))
            case .null, .object: continue
            }
        }
        fields["sample"] = .string(dataset.sample)
        fields["isMC"] = .bool(dataset.isMC)
        if let year = dataset.year { fields["year"] = .string(year) }
        if let xsec = dataset.xsec { fields["xsec"] = .double(xsec) }
        if dataset.metadata["nevents"] != nil { fields["nevents"] = .int(dataset.nevents) }
        return fields
    }

    static func isReserved(_ key: String) -> Bool {
        ["skipped_file.", "skipped_reason.", skimmedFilePrefix, skimmedEventsPrefix].contains { key.hasPrefix($0) }
    }

    static func checkMetadata(_ metadata: [String: MetadataValue], dataset: String) throws(AnalysisOutputError) {
        for key in metadata.keys where key.contains(":") || isReserved(key) || key.isEmpty {
            throw AnalysisOutputError(
                .invalidUse, "dataset '\(dataset)': metadata key '\(key)' is empty, contains ':' or is reserved")
        }
    }

    static func checkConflicts(
        _ current: [String: MetadataValue], _ added: [String: MetadataValue], dataset: String
    ) throws(AnalysisOutputError) {
        for (key, value) in added.sorted(by: { $0.key < $1.key }) {
            if let existing = current[key], existing != value {
                throw AnalysisOutputError(
                    .conflictingMetadata,
                    "dataset '\(dataset)': metadata '\(key)' is '\(existing)' in one output and '\(value)' in the other"
                )
            }
        }
    }

    // MARK: - Results of chunks

    /// Adds a cutflow entry: `events` events (a whole number) whose weights sum to `sumw` (squares to `sumw2`).
    public mutating func addCutflow(dataset: String, step: String, events: Double, sumw: Double, sumw2: Double) {
        Self.add(&cutflowEvents, categories: [dataset, step], value: events.rounded())
        Self.add(&cutflowSumw, categories: [dataset, step], value: sumw, variance: sumw2)
    }

    /// Adds the generator weights of a block of events before any cut: their sum and the sum of their signs.
    public mutating func addGeneratorWeights(dataset: String, sum: Double, signSum: Double) {
        Self.add(&sumGenweights, categories: [dataset], value: sum)
        Self.add(&sumSignOfGenweights, categories: [dataset], value: signSum)
    }

    /// Fills the histogram of `variable` for one dataset, category and variation: one array per axis of
    /// the variable (equal lengths) and the entries' weights.
    ///
    /// - Throws: ``AnalysisOutputError`` `.invalidUse` when the variable, category or variation was not
    ///   declared, or the arrays do not match the axes.
    public mutating func fill(
        variable: String, dataset: String, category: String, variation: String, values: [[Double]],
        weights: [Double]?
    ) throws(AnalysisOutputError) {
        guard var histogram = variables.removeValue(forKey: variable) else {
            throw AnalysisOutputError(.invalidUse, "variable '\(variable)' was not declared")
        }
        defer { variables[variable] = histogram }
        for (name, position) in [(category, 1), (variation, 2)]
        where !histogram.axes[position].growth && histogram.axes[position].stringCategories?.contains(name) != true {
            throw AnalysisOutputError(
                .invalidUse, "variable '\(variable)': \(Self.leadingAxes[position]) '\(name)' was not declared")
        }
        do {
            try histogram.fill(categories: [dataset, category, variation], numbers: values, weights: weights)
        } catch {
            throw AnalysisOutputError(.invalidUse, "variable '\(variable)': \(error.message)")
        }
    }

    /// Counts processed events, chunks and files of a dataset.
    public mutating func recordProcessed(dataset: String, events: Int, chunks: Int = 1, files: Int = 0) {
        processed[dataset, default: Processed()].events += events
        processed[dataset, default: Processed()].chunks += chunks
        processed[dataset, default: Processed()].files += files
    }

    /// Records a file that was skipped because it could not be read.
    public mutating func recordSkipped(dataset: String, file: String, reason: String) {
        skippedFiles.append(SkippedFileRecord(dataset: dataset, file: file, reason: reason))
    }

    /// Adds to the bin of `categories` of a histogram whose axes all grow (so the bin always exists).
    private static func add(_ histogram: inout Histogram, categories: [String], value: Double, variance: Double = 0) {
        var indices: [Int] = []
        for (position, category) in categories.enumerated() {
            guard let bin = histogram.bin(ofCategory: category, axis: position) else {
                preconditionFailure("the axes of the output's sums grow")
            }
            indices.append(bin)
        }
        do {
            try histogram.add(value: value, variance: variance, at: indices)
        } catch {
            preconditionFailure("a resolved bin is in range: \(error)")
        }
    }
}
