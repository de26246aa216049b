// Analysis layer: skimmed_dataset_definition.json — the dataset definition of the files a skim wrote,
// built from a (merged) skim output: per dataset its files, its metadata with `nevents` = events kept,
// `skim_efficiency` = skim / initial, `isSkim`, and the pre-skim sums of generator weights (MC).
// Before that, the metadata's `nevents` must equal the cutflow's `initial`, or some input was lost;
// datasets named to skip the check get a warning instead.

import Columnar
import Configuration

/// The dataset definition of a skim's files.
public struct SkimmedDatasetDefinition: Sendable {
    /// The file merge-outputs and run write next to the outputs.
    public static let fileName = "skimmed_dataset_definition.json"

    /// The definition, `{dataset: {"files": [...], "metadata": {...}}}`, datasets by name.
    public var definition: ConfigValue
    /// Mismatches let through by `skipInitialEventsCheck`, one line each.
    public var warnings: [String] = []

    /// Builds the definition of the skim recorded in `output`.
    ///
    /// - Parameters:
    ///   - checkInitialEvents: compare each dataset's `nevents` with the cutflow's `initial` (off for `--test` runs).
    ///   - skipInitialEventsCheck: datasets whose mismatch is only a warning.
    /// - Throws: ``SkimError`` `.initialEventsMismatch` naming the first dataset that lost events.
    public init(
        from output: AnalysisOutput, checkInitialEvents: Bool = true, skipInitialEventsCheck: Set<String> = []
    ) throws(SkimError) {
        let cutflow = output.cutflow
        let generatorSums = Self.sums(output.sumGenweights)
        let signSums = Self.sums(output.sumSignOfGenweights)
        var datasets = OrderedObject()
        for (name, recorded) in output.datasets.sorted(by: { $0.key < $1.key }) {
            let steps = cutflow[name] ?? []
            let initial = Int(steps.first { $0.step == "initial" }?.events ?? 0)
            let skim = Int(steps.first { $0.step == "skim" }?.events ?? 0)
            let expected = recorded["nevents"]?.intValue
            if checkInitialEvents, expected != initial {
                let declared = expected.map(String.init) ?? "none"
                guard skipInitialEventsCheck.contains(name) else {
                    throw SkimError(
                        .initialEventsMismatch,
                        "Inconsistent number of initial events in the output of the skimming processing: dataset \(name) "
                            + "has nevents \(declared) in its metadata but \(initial) initial events in the cutflow; "
                            + "rerun the missing jobs, or pass --skip-initial-events-check \(name) to accept it")
                }
                warnings.append(
                    "The number of initial events in the metadata (\(declared)) is different from the number "
                        + "of initial events in the cutflow (\(initial)) for dataset \(name), but the check was "
                        + "explicitly skipped for it.")
            }
            let files = output.skimmedFiles.filter { $0.dataset == name }
            var metadata = OrderedObject()
            for (key, value) in recorded.sorted(by: { $0.key < $1.key }) { metadata[key] = .string(Self.text(value)) }
            metadata["isSkim"] = .string("True")
            metadata["nevents"] = .string(String(files.reduce(0) { $0 + $1.events }))
            metadata["skim_efficiency"] = .string(String(initial > 0 ? Double(skim) / Double(initial) : 0))
            if let sum = generatorSums[name] { metadata["sum_genweights"] = .double(sum) }
            if let sum = signSums[name] { metadata["sum_signOf_genweights"] = .double(sum) }
            datasets[name] = .object(
                OrderedObject([("files", .array(files.map { .string($0.file) })), ("metadata", .object(metadata))]))
        }
        definition = .object(datasets)
    }

    /// Writes the definition to `path` atomically.
    ///
    /// - Throws: ``ConfigurationError`` when the file cannot be written.
    public func write(to path: String) throws(ConfigurationError) {
        try AtomicFile.write(JSONWriter.string(definition) + "\n", to: path)
    }

    /// A metadata value as dataset definitions write them: strings (`True`, `123`, `0.5`).
    private static func text(_ value: MetadataValue) -> String {
        switch value {
        case .bool(let flag): flag ? "True" : "False"
        default: value.description
        }
    }

    /// The values of a histogram with one dataset axis, by dataset.
    private static func sums(_ histogram: Histogram) -> [String: Double] {
        let names = histogram.axes.first?.stringCategories ?? []
        var sums: [String: Double] = [:]
        for (index, name) in names.enumerated() where index < histogram.values.count { sums[name] = histogram.values[index] }
        return sums
    }
}
