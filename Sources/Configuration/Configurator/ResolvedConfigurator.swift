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
        top["datasets"] = .object(OrderedObject(configurator.datasets.datasets.map { ($0.name, $0.jsonValue) }))
        top["parameters"] = .object(configurator.parameters)
        top["analysis"] = .object(configurator.analysis)
        return .object(top)
    }

    /// The JSON text of a resolved configurator, ending with a newline.
    public static func text(_ configurator: AnalysisConfigurator) -> String {
        JSONWriter.string(encode(configurator)) + "\n"
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
