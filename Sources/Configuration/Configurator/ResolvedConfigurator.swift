// Configuration layer: the resolved configurator as JSON — the per-job file (`config_job_N.json`) and
// the run's `config.json`. It holds everything a job needs (datasets with their files and metadata,
// the tree, parameters, analysis sections) and nothing from the submit host's memory. The same
// configurator always gives the same bytes.

/// The JSON form of a resolved ``AnalysisConfigurator``.
public enum ResolvedConfigurator {
    /// The `format` tag written at the top of every resolved configurator.
    public static let format = "pocket-coffea/configurator"
    /// The version of the layout; a reader refuses newer versions.
    public static let version = 1

    /// The resolved configurator as a JSON value.
    public static func encode(_ configurator: AnalysisConfigurator) -> ConfigValue {
        var top = OrderedObject()
        top["format"] = .string(format)
        top["version"] = .int(version)
        top["source"] = .string(configurator.source)
        if let description = configurator.description { top["description"] = .string(description) }
        top["tree"] = .string(configurator.tree)
        top["datasets"] = datasetsValue(configurator.datasets.datasets)
        top["parameters"] = .object(configurator.parameters)
        top["analysis"] = .object(configurator.analysis)
        return .object(top)
    }

    /// The `datasets` value: each dataset by name, as written in a dataset JSON.
    static func datasetsValue(_ datasets: [Dataset]) -> ConfigValue {
        .object(OrderedObject(datasets.map { ($0.name, $0.jsonValue) }))
    }

    /// The JSON text of a resolved configurator, ending with a newline.
    public static func text(_ configurator: AnalysisConfigurator) -> String {
        String(decoding: bytes(configurator), as: UTF8.self)
    }

    /// The UTF-8 bytes of ``text(_:)``.
    public static func bytes(_ configurator: AnalysisConfigurator) -> [UInt8] {
        var output = JSONWriter.bytes(encode(configurator))
        output.append(UInt8(ascii: "\n"))
        return output
    }

    /// Writes the resolved configurator of one analysis again and again with different datasets (the
    /// per-job configurators of a jobs folder). Everything but the datasets — tree, parameters, analysis
    /// sections — is serialised once; ``write(datasets:into:)`` splices each job's datasets in between.
    /// The bytes are exactly those of ``bytes(_:)`` for the configurator with those datasets.
    public struct Splicer: Sendable {
        /// From `{` to `"datasets": `.
        private let head: [UInt8]
        /// From after the datasets to the closing `}` and newline.
        private let tail: [UInt8]
        /// The nesting level the datasets object is written at.
        private let level: Int

        /// Serialises the parts of `configurator` that do not depend on its datasets.
        public init(_ configurator: AnalysisConfigurator) {
            var invariant = configurator
            invariant.datasets = DatasetCatalog(datasets: [])
            guard case .object(let top) = encode(invariant) else { preconditionFailure("encode writes an object") }
            var head: [UInt8] = []
            var tail: [UInt8] = []
            var stream = JSONObjectStream(pretty: true, level: 0)
            stream.begin(into: &head)
            var seenDatasets = false
            for (key, value) in top.entries {
                if seenDatasets {
                    stream.key(key, into: &tail)
                    JSONWriter.append(value, to: &tail, level: stream.level)
                } else {
                    stream.key(key, into: &head)
                    if key == "datasets" {
                        seenDatasets = true
                    } else {
                        JSONWriter.append(value, to: &head, level: stream.level)
                    }
                }
            }
            precondition(seenDatasets, "encode writes a datasets entry")
            stream.end(into: &tail)
            tail.append(UInt8(ascii: "\n"))
            self.head = head
            self.tail = tail
            level = stream.level
        }

        /// Appends the resolved configurator with `datasets` to `output`.
        public func write(datasets: [Dataset], into output: inout [UInt8]) {
            output.append(contentsOf: head)
            JSONWriter.append(datasetsValue(datasets), to: &output, level: level)
            output.append(contentsOf: tail)
        }
    }

    /// Reads a resolved configurator written by ``encode(_:)``.
    public static func decode(_ value: ConfigValue, file: String) throws(ConfigurationError) -> AnalysisConfigurator {
        guard value["format"]?.stringValue == format else {
            throw ConfigurationError(
                .invalidValue, file: file, location: "format",
                "not a resolved configurator (no \"format\": \"\(format)\")",
                fix: "pass the analysis YAML, or a config.json / config_job_N.json written by pocket-coffea")
        }
        guard let fileVersion = value["version"]?.coercedInt, fileVersion <= version else {
            throw ConfigurationError(
                .invalidValue, file: file, location: "version",
                "this resolved configurator has a newer layout than this pocket-coffea reads",
                fix: "use the pocket-coffea binary that wrote it")
        }
        guard let datasetsValue = value["datasets"] else {
            throw ConfigurationError(
                .missingKey, file: file, location: "datasets", "the resolved configurator lists no datasets")
        }
        return AnalysisConfigurator(
            source: value["source"]?.stringValue ?? file, description: value["description"]?.stringValue,
            datasetFiles: [],
            datasetFilter: DatasetFilter(), tree: value["tree"]?.stringValue ?? "Events",
            parameters: value["parameters"]?.objectValue ?? OrderedObject(),
            analysis: value["analysis"]?.objectValue ?? OrderedObject(),
            datasets: DatasetCatalog(datasets: try DatasetCatalog.parse(datasetsValue, file: file)))
    }
}
