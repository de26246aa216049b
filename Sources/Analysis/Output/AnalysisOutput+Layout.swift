// Analysis layer: the output as named UHI histograms (docs/output-format.md), both ways.
//
//   processing              no axes, double: wall time (s); metadata format, format_version, version
//   datasets                axes dataset, counter (events, chunks, files), int: what was processed;
//                           metadata "<key>:<dataset>" for each dataset's metadata, and
//                           "skipped_file.<n>:<dataset>" / "skipped_reason.<n>:<dataset>" for the n-th
//                           skipped file (n counts from 0 over all datasets, in the order of skipping);
//                           "skimmed_file.<n>:<dataset>" / "skimmed_events.<n>:<dataset>" for the n-th
//                           file a skim wrote and its events
//   sum_genweights          axis dataset, double: Σ genWeight before any cut (MC)
//   sum_signOf_genweights   axis dataset, double: Σ sign(genWeight) before any cut (MC)
//   cutflow/events          axes dataset, step, int: events at each step
//   cutflow/sumw            axes dataset, step, weighted: Σw and Σw² of the event weights at each step
//   hist/<variable>         axes dataset, category, variation, then the variable's, weighted

import Columnar

extension AnalysisOutput {
    /// The `format` of the `processing` entry, which marks a file as a pocket-coffea output.
    public static let formatName = "pocket-coffea-output"
    /// The version of the layout; readers refuse newer ones.
    public static let formatVersion = 1
    /// The counters of the `datasets` entry, in order.
    static let counters = ["events", "chunks", "files"]

    /// The file's entries by name, in the layout above.
    public var histograms: [String: Histogram] {
        Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0.histogram) })
    }

    /// The file's entries in the order they are written: the fixed entries, then `hist/*` by name.
    var entries: [(name: String, histogram: Histogram)] {
        [
            ("processing", processingEntry), ("datasets", datasetsEntry), ("sum_genweights", sumGenweights),
            ("sum_signOf_genweights", sumSignOfGenweights), ("cutflow/events", cutflowEvents),
            ("cutflow/sumw", cutflowSumw),
        ] + variables.sorted { $0.key < $1.key }.map { ("hist/" + $0.key, $0.value) }
    }

    /// Events and Σw at each cutflow step, by dataset, steps in order.
    public var cutflow: [String: [(step: String, events: Double, sumw: Double)]] {
        let datasets = cutflowEvents.axes[0].stringCategories ?? []
        let steps = cutflowEvents.axes[1].stringCategories ?? []
        var table: [String: [(step: String, events: Double, sumw: Double)]] = [:]
        for (d, dataset) in datasets.enumerated() {
            table[dataset] = steps.enumerated().map { s, step in
                let offset = d * steps.count + s
                return (step, cutflowEvents.values[offset], cutflowSumw.values[offset])
            }
        }
        return table
    }

    // MARK: - Writing

    private var processingEntry: Histogram {
        let metadata: [String: MetadataValue] = [
            "format": .string(Self.formatName), "format_version": .int(Self.formatVersion), "version": .string(version),
        ]
        do {
            return try Histogram(axes: [], storage: .double, values: [wallTime], metadata: metadata)
        } catch {
            preconditionFailure("one value for a histogram without axes: \(error)")
        }
    }

    private var datasetsEntry: Histogram {
        let names = Set(datasets.keys).union(processed.keys).union(skippedFiles.map(\.dataset))
            .union(skimmedFiles.map(\.dataset)).sorted()
        var metadata: [String: MetadataValue] = [:]
        for (dataset, fields) in datasets {
            for (key, value) in fields { metadata["\(key):\(dataset)"] = value }
        }
        for (number, skipped) in skippedFiles.enumerated() {
            metadata["skipped_file.\(number):\(skipped.dataset)"] = .string(skipped.file)
            metadata["skipped_reason.\(number):\(skipped.dataset)"] = .string(skipped.reason)
        }
        for (number, skimmed) in skimmedFiles.enumerated() {
            metadata["\(Self.skimmedFilePrefix)\(number):\(skimmed.dataset)"] = .string(skimmed.file)
            metadata["\(Self.skimmedEventsPrefix)\(number):\(skimmed.dataset)"] = .int(skimmed.events)
        }
        let values = names.flatMap { name -> [Double] in
            let counts = processed[name] ?? Processed()
            return [Double(counts.events), Double(counts.chunks), Double(counts.files)]
        }
        do {
            let axes = [
                try HistogramAxis.stringCategory(names, name: "dataset", label: "Dataset", growth: true),
                try .stringCategory(Self.counters, name: "counter", label: "Counter", flow: false),
            ]
            return try Histogram(axes: axes, storage: .int, values: values, metadata: metadata)
        } catch {
            preconditionFailure("unique dataset names and whole counts: \(error)")
        }
    }

    // MARK: - Reading

    /// An output from the histograms of a file.
    ///
    /// - Throws: ``AnalysisOutputError`` `.notAnOutput` without a pocket-coffea `processing` entry,
    ///   `.newerFormat` for a newer layout, `.malformed` naming an entry that breaks the layout.
    init(entries histograms: [String: Histogram]) throws(AnalysisOutputError) {
        let processing = try Self.checkProcessing(histograms["processing"])
        self.init(version: processing.metadata["version"]?.stringValue ?? "unknown")
        wallTime = processing.values.first ?? 0
        cutflowEvents = try Self.entry(histograms, "cutflow/events", axes: ["dataset", "step"], storage: .int)
        cutflowSumw = try Self.entry(histograms, "cutflow/sumw", axes: ["dataset", "step"], storage: .weighted)
        sumGenweights = try Self.entry(histograms, "sum_genweights", axes: ["dataset"], storage: .double)
        sumSignOfGenweights = try Self.entry(histograms, "sum_signOf_genweights", axes: ["dataset"], storage: .double)
        try readDatasets(try Self.entry(histograms, "datasets", axes: ["dataset", "counter"], storage: .int))
        let fixed: Set = [
            "processing", "datasets", "sum_genweights", "sum_signOf_genweights", "cutflow/events", "cutflow/sumw",
        ]
        for (name, histogram) in histograms where !fixed.contains(name) {
            guard name.hasPrefix("hist/"), name.count > 5 else {
                throw AnalysisOutputError(.malformed, "unexpected entry '\(name)'")
            }
            guard histogram.storage == .weighted, histogram.axes.prefix(3).map(\.name) == Self.leadingAxes,
                histogram.axes.prefix(3).allSatisfy({ $0.stringCategories != nil })
            else {
                throw AnalysisOutputError(
                    .malformed,
                    "entry '\(name)': a variable histogram is weighted with category axes dataset, category, variation first"
                )
            }
            variables[String(name.dropFirst(5))] = histogram
        }
    }

    /// The `processing` entry, checked to be ours and of a format this build reads.
    @discardableResult
    static func checkProcessing(_ processing: Histogram?) throws(AnalysisOutputError) -> Histogram {
        guard let processing, processing.metadata["format"]?.stringValue == Self.formatName else {
            throw AnalysisOutputError(
                .notAnOutput,
                "not a pocket-coffea output: UHI histograms without a 'processing' entry of format '\(Self.formatName)'"
            )
        }
        guard let format = processing.metadata["format_version"]?.intValue, format >= 1 else {
            throw AnalysisOutputError(.malformed, "entry 'processing': 'format_version' must be a positive integer")
        }
        guard format <= Self.formatVersion else {
            throw AnalysisOutputError(
                .newerFormat,
                "written in output format \(format) by pocket-coffea \(processing.metadata["version"] ?? "?"); "
                    + "this pocket-coffea reads format \(Self.formatVersion): update it")
        }
        return processing
    }

    private static func entry(
        _ histograms: [String: Histogram], _ name: String, axes: [String], storage: Histogram.Storage
    )
        throws(AnalysisOutputError) -> Histogram
    {
        guard let histogram = histograms[name] else {
            throw AnalysisOutputError(.malformed, "the entry '\(name)' is missing")
        }
        guard histogram.storage == storage, histogram.axes.map(\.name) == axes,
            histogram.axes.allSatisfy({ $0.stringCategories != nil })
        else {
            throw AnalysisOutputError(
                .malformed,
                "entry '\(name)' must have \(storage.rawValue) storage and category axes \(axes.joined(separator: ", "))"
            )
        }
        return histogram
    }

    private mutating func readDatasets(_ entry: Histogram) throws(AnalysisOutputError) {
        let names = entry.axes[0].stringCategories ?? []
        guard entry.axes[1].stringCategories == Self.counters else {
            throw AnalysisOutputError(.malformed, "entry 'datasets': counters must be \(Self.counters)")
        }
        for (index, name) in names.enumerated() {
            let counts = entry.values[3 * index..<3 * index + 3].map { Int($0) }
            guard counts != [0, 0, 0] else { continue }
            processed[name] = Processed(events: counts[0], chunks: counts[1], files: counts[2])
        }
        var skipped: [Int: (dataset: String, file: String?, reason: String?)] = [:]
        var skimmed: [Int: (dataset: String, file: String?, events: Int?)] = [:]
        for (key, value) in entry.metadata {
            guard let colon = key.firstIndex(of: ":") else {
                throw AnalysisOutputError(
                    .malformed, "entry 'datasets': metadata key '\(key)' is not '<key>:<dataset>'")
            }
            let (field, dataset) = (String(key[..<colon]), String(key[key.index(after: colon)...]))
            if let number = Self.skippedNumber(field, prefix: "skipped_file.") {
                skipped[number, default: (dataset, nil, nil)].file = value.stringValue
            } else if let number = Self.skippedNumber(field, prefix: "skipped_reason.") {
                skipped[number, default: (dataset, nil, nil)].reason = value.stringValue
            } else if let number = Self.skippedNumber(field, prefix: Self.skimmedFilePrefix) {
                skimmed[number, default: (dataset, nil, nil)].file = value.stringValue
            } else if let number = Self.skippedNumber(field, prefix: Self.skimmedEventsPrefix) {
                skimmed[number, default: (dataset, nil, nil)].events = value.intValue
            } else {
                datasets[dataset, default: [:]][field] = value
            }
        }
        for (number, record) in skipped.sorted(by: { $0.key < $1.key }) {
            guard let file = record.file, let reason = record.reason else {
                throw AnalysisOutputError(
                    .malformed,
                    "entry 'datasets': skipped file \(number) of '\(record.dataset)' lacks its file or reason")
            }
            skippedFiles.append(SkippedFileRecord(dataset: record.dataset, file: file, reason: reason))
        }
        for (number, record) in skimmed.sorted(by: { $0.key < $1.key }) {
            guard let file = record.file, let events = record.events, events >= 0 else {
                throw AnalysisOutputError(
                    .malformed,
                    "entry 'datasets': skimmed file \(number) of '\(record.dataset)' lacks its file or a count of events"
                )
            }
            skimmedFiles.append(SkimmedFileRecord(dataset: record.dataset, file: file, events: events))
        }
    }

    private static func skippedNumber(_ field: String, prefix: String) -> Int? {
        field.hasPrefix(prefix) ? Int(field.dropFirst(prefix.count)) : nil
    }
}
