// Analysis layer: everything one job (or one merge) produces, as one UHI JSON file of histograms, so
// that `uhi validate` accepts it, `hist` reads it, and merging is adding (docs/output-format.md):
//   hist/<variable>         axes dataset, category, variation, then the variable's axes (weighted)
//   cutflow/events          axes dataset, step: events at initial, skim, presel and each category
//   cutflow/sumw            same axes, weighted: Σw and Σw² of the event weights at each step
//   sum_genweights          axis dataset: Σ genWeight of every event before any cut (MC)
//   sum_signOf_genweights   axis dataset: Σ sign(genWeight) (MC)
//   datasets                axis dataset: events processed; its metadata holds each dataset's sample,
//                           year, isMC, xsec and chunks, and the processing record (version, skipped files)

import Columnar
import Configuration
import Foundation

/// The histograms, cutflow, generator-weight sums and metadata of an analysis run.
public struct AnalysisOutput: Sendable, Equatable {
    /// Histograms by name, in the layout above.
    public private(set) var histograms: [String: Histogram] = [:]
    /// The pocket-coffea version that wrote the output.
    public static let version = Release.version

    public init() {}

    /// An output from decoded histograms (see ``read(from:)``).
    public init(histograms: [String: Histogram]) {
        self.histograms = histograms
    }

    static let datasetsName = "datasets"

    private static func categories(_ names: [String]) throws(HistogramError) -> [HistogramAxis] {
        var axes: [HistogramAxis] = []
        for name in names { axes.append(try .stringCategory([], name: name, label: name, growth: true)) }
        return axes
    }

    private mutating func histogram(_ name: String, _ make: () throws(HistogramError) -> Histogram)
        throws(HistogramError)
        -> Histogram
    {
        if let existing = histograms[name] { return existing }
        let made = try make()
        histograms[name] = made
        return made
    }

    private mutating func fill(
        _ name: String, categories: [String], numbers: [[Double]] = [], weights: [Double]?,
        make: () throws(HistogramError) -> Histogram
    ) throws(HistogramError) {
        var histogram = try histogram(name, make)
        histograms[name] = nil
        defer { histograms[name] = histogram }
        try histogram.fill(categories: categories, numbers: numbers, weights: weights)
    }

    // MARK: - Metadata

    /// Records a dataset's description and how many of its events and chunks were processed.
    public mutating func recordDataset(_ dataset: DatasetInfo, events: Int64, chunks: Int) throws {
        try fill(Self.datasetsName, categories: [dataset.name], weights: [Double(events)]) {
            () throws(HistogramError) in
            Histogram(axes: try Self.categories(["dataset"]), storage: .double)
        }
        var metadata = histograms[Self.datasetsName]?.metadata ?? [:]
        metadata["pocket_coffea_version"] = .string(Self.version)
        metadata["sample:\(dataset.name)"] = .string(dataset.sample)
        metadata["isMC:\(dataset.name)"] = .bool(dataset.isMC)
        if let year = dataset.year { metadata["year:\(dataset.name)"] = .string(year) }
        if let xsec = dataset.crossSection { metadata["xsec:\(dataset.name)"] = .double(xsec) }
        metadata["chunks:\(dataset.name)"] = .int((metadata["chunks:\(dataset.name)"]?.intValue ?? 0) + chunks)
        histograms[Self.datasetsName]?.metadata = metadata
    }

    /// Records a file that could not be read.
    public mutating func recordSkipped(dataset: String, file: String, reason: String) throws {
        _ = try histogram(Self.datasetsName) { () throws(HistogramError) in
            Histogram(axes: try Self.categories(["dataset"]), storage: .double)
        }
        var metadata = histograms[Self.datasetsName]?.metadata ?? [:]
        let count = metadata["skipped_files"]?.intValue ?? 0
        metadata["skipped_files"] = .int(count + 1)
        metadata["skipped:\(count)"] = .string("\(dataset) | \(file) | \(reason)")
        histograms[Self.datasetsName]?.metadata = metadata
    }

    /// The files skipped, as `dataset | file | reason` lines.
    public var skippedFiles: [String] {
        let metadata = histograms[Self.datasetsName]?.metadata ?? [:]
        return (0..<(metadata["skipped_files"]?.intValue ?? 0)).compactMap { metadata["skipped:\($0)"]?.stringValue }
    }

    // MARK: - Merging

    /// Adds `other` (histograms add bin by bin, categories unioned; metadata combined).
    ///
    /// - Throws: ``HistogramError`` naming the histogram whose axes differ.
    public mutating func merge(_ other: AnalysisOutput) throws {
        for (name, histogram) in other.histograms {
            guard var mine = histograms[name] else {
                histograms[name] = histogram
                continue
            }
            do { try mine.add(histogram) } catch { throw error.within("histogram '\(name)'") }
            mine.metadata = Self.combine(mine.metadata, histogram.metadata)
            histograms[name] = mine
        }
    }

    private static func combine(_ a: [String: MetadataValue], _ b: [String: MetadataValue]) -> [String: MetadataValue] {
        var result = a
        let skippedA = a["skipped_files"]?.intValue ?? 0
        for (key, value) in b {
            if key.hasPrefix("chunks:"), let mine = a[key]?.intValue, let theirs = value.intValue {
                result[key] = .int(mine + theirs)
            } else if key == "skipped_files" {
                result[key] = .int(skippedA + (value.intValue ?? 0))
            } else if key.hasPrefix("skipped:"), let index = Int(key.dropFirst("skipped:".count)) {
                result["skipped:\(skippedA + index)"] = value
            } else if result[key] == nil {
                result[key] = value
            }
        }
        return result
    }

    // MARK: - Files

    /// The file's bytes (UHI JSON).
    public var encoded: [UInt8] {
        UHI.encode(ordered: histograms.keys.sorted().map { ($0, histograms[$0]!) }, version: Self.version)
    }

    /// Writes the output atomically (temporary file, then rename).
    public func write(to path: String) throws {
        try AtomicFile.write(encoded, to: path)
    }

    /// Reads an output file.
    ///
    /// - Throws: an error naming the file when it is unreadable, truncated or not an analysis output.
    public static func read(from path: String) throws -> AnalysisOutput {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HistogramError(.invalidFill, "\(path): cannot read the file")
        }
        let histograms: [String: Histogram]
        do { histograms = try UHI.decode(Array(data)) } catch { throw error.within(path) }
        guard histograms["cutflow/events"] != nil || histograms[datasetsName] != nil else {
            throw HistogramError(.invalidFill, "\(path): not a pocket-coffea output (no cutflow or datasets)")
        }
        return AnalysisOutput(histograms: histograms)
    }

    /// The events at each step of each dataset's cutflow: `[dataset: [(step, events, Σw)]]`, in step order.
    public var cutflow: [String: [(step: String, events: Double, sumw: Double)]] {
        guard let events = histograms["cutflow/events"], let sums = histograms["cutflow/sumw"],
            let datasets = events.axes.first?.stringCategories, let steps = events.axes.last?.stringCategories
        else { return [:] }
        let width = events.axes[1].extent
        var table: [String: [(String, Double, Double)]] = [:]
        for (d, dataset) in datasets.enumerated() {
            table[dataset] = steps.enumerated().map { s, step in
                (step, events.values[d * width + s], sums.values[d * width + s])
            }
        }
        return table
    }
}

extension AnalysisOutput: ResultSink {
    public mutating func declare(_ variable: VariablePlan, variations: [String]) throws {
        let name = "hist/" + variable.name
        guard histograms[name] == nil else { return }
        var axes = try Self.categories(["dataset", "category", "variation"])
        for axis in variable.axes {
            switch axis.binning {
            case .regular(let bins, let start, let stop):
                axes.append(try .regular(bins: bins, lower: start, upper: stop, name: axis.name, label: axis.label))
            case .variable(let edges):
                axes.append(try .variable(edges: edges, name: axis.name, label: axis.label))
            }
        }
        histograms[name] = Histogram(axes: axes, storage: .weighted)
    }

    public mutating func addCutflow(dataset: String, step: String, weights: [Double]) throws {
        try fill("cutflow/events", categories: [dataset, step], weights: Array(repeating: 1, count: weights.count)) {
            () throws(HistogramError) in Histogram(axes: try Self.categories(["dataset", "step"]), storage: .double)
        }
        try fill("cutflow/sumw", categories: [dataset, step], weights: weights) { () throws(HistogramError) in
            Histogram(axes: try Self.categories(["dataset", "step"]), storage: .weighted)
        }
    }

    public mutating func addGeneratorWeights(dataset: String, sum: Double, signSum: Double) throws {
        for (name, value) in [("sum_genweights", sum), ("sum_signOf_genweights", signSum)] {
            try fill(name, categories: [dataset], weights: [value]) { () throws(HistogramError) in
                Histogram(axes: try Self.categories(["dataset"]), storage: .double)
            }
        }
    }

    public mutating func fill(
        variable: String, dataset: String, category: String, variation: String, values: [[Double]], weights: [Double]
    ) throws {
        let name = "hist/" + variable
        guard histograms[name] != nil else {
            throw HistogramError(.invalidFill, "histogram '\(variable)' was not declared")
        }
        try fill(name, categories: [dataset, category, variation], numbers: values, weights: weights) {
            () throws(HistogramError) in Histogram(axes: [])
        }
    }
}
