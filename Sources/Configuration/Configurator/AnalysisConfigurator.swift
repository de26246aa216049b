// Configuration layer: the analysis configurator — a YAML file (no code runs) that names the datasets,
// the tree and the analysis sections. This layer resolves the general part (datasets, tree, parameters)
// and carries the analysis sections, checked by name, to the processor, which compiles them.

import Foundation

/// An analysis configurator loaded from YAML, or a resolved one loaded from its JSON form.
public struct AnalysisConfigurator: Sendable, Equatable {
    /// The sections the processor understands, in the order they are written out.
    public static let analysisSections = [
        "objects", "definitions", "skim", "preselections", "categories", "weights", "variations", "variables",
        "columns",
        "save_skimmed_files",
    ]

    /// Every top-level key a configurator may have.
    public static let knownKeys = ["description", "datasets", "tree", "parameters"] + analysisSections

    /// Where the configurator came from (absolute path), for messages and provenance.
    public var source: String
    /// A free-text description of the analysis.
    public var description: String?
    /// The dataset JSON files, absolute paths.
    public var datasetFiles: [String]
    /// The configurator's own dataset filter.
    public var datasetFilter: DatasetFilter
    /// The name of the event tree in the input files.
    public var tree: String
    /// Parameters (luminosity tables, working points …) merged from the listed files and inline values.
    public var parameters: OrderedObject
    /// The analysis sections as written, by name.
    public var analysis: OrderedObject
    /// The datasets to process; filled by ``resolvingDatasets(extraFilter:limitFiles:)`` or from a resolved file.
    public var datasets: DatasetCatalog

    public init(
        source: String, description: String?, datasetFiles: [String], datasetFilter: DatasetFilter, tree: String,
        parameters: OrderedObject, analysis: OrderedObject, datasets: DatasetCatalog
    ) {
        self.source = source
        self.description = description
        self.datasetFiles = datasetFiles
        self.datasetFilter = datasetFilter
        self.tree = tree
        self.parameters = parameters
        self.analysis = analysis
        self.datasets = datasets
    }

    /// Loads a configurator YAML, or a resolved configurator JSON (`config.json`, `config_job_N.json`).
    public static func load(path: String) throws(ConfigurationError) -> AnalysisConfigurator {
        let absolute = absolutePath(path)
        if absolute.hasSuffix(".json") {
            return try ResolvedConfigurator.decode(JSONReader.parse(contentsOf: absolute), file: absolute)
        }
        let document = try YAMLReader.parse(contentsOf: absolute)
        do {
            return try parse(document, source: absolute)
        } catch {
            throw error.inFile(absolute)
        }
    }

    /// Reads a configurator document; relative paths are taken from the folder of `source`.
    public static func parse(_ document: ConfigValue, source: String) throws(ConfigurationError) -> AnalysisConfigurator
    {
        guard let top = document.objectValue else {
            throw ConfigurationError(
                .invalidValue, "a configurator must be a mapping of sections, not \(document.kindDescription)")
        }
        for key in top.keys where !knownKeys.contains(key) {
            let nearest = knownKeys.min {
                RunOptionSchema.editDistance($0, key) < RunOptionSchema.editDistance($1, key)
            }
            throw ConfigurationError(
                .unknownKey, location: key, "unknown section '\(key)'",
                fix: "known sections: \(knownKeys.joined(separator: ", "))"
                    + (nearest.map { " (did you mean '\($0)'?)" } ?? ""))
        }
        let folder = (source as NSString).deletingLastPathComponent
        let (files, filter) = try parseDatasets(top["datasets"], folder: folder)
        var tree = "Events"
        if let value = top["tree"] {
            guard let name = value.stringValue, !name.isEmpty else {
                throw ConfigurationError(
                    .invalidValue, location: "tree", "'tree' must be the name of a TTree, such as Events")
            }
            tree = name
        }
        var analysis = OrderedObject()
        for section in analysisSections { if let value = top[section] { analysis[section] = value } }
        return AnalysisConfigurator(
            source: source, description: top["description"]?.coercedString, datasetFiles: files, datasetFilter: filter,
            tree: tree, parameters: try ParameterFiles.merge(top["parameters"], folder: folder),
            analysis: CorrectionFiles.resolvingPaths(in: analysis, folder: folder),
            datasets: DatasetCatalog(datasets: []))
    }

    /// The configurator with its datasets loaded and selected.
    ///
    /// - Parameters:
    ///   - extraFilter: the command line's filters, applied on top of the configurator's.
    ///   - limitFiles: keep only the first N files of each dataset.
    public func resolvingDatasets(extraFilter: DatasetFilter = DatasetFilter(), limitFiles: Int? = nil)
        throws(ConfigurationError) -> AnalysisConfigurator
    {
        let catalog = datasets.datasets.isEmpty ? try DatasetCatalog.load(paths: datasetFiles) : datasets
        var copy = self
        copy.datasets = try catalog.selecting(datasetFilter.intersected(with: extraFilter), limitFiles: limitFiles)
        return copy
    }

    private static func parseDatasets(_ value: ConfigValue?, folder: String) throws(ConfigurationError) -> (
        [String], DatasetFilter
    ) {
        guard let section = value?.objectValue else {
            throw ConfigurationError(
                .missingKey, location: "datasets", "the configurator has no 'datasets' section",
                fix: "add datasets: {jsons: [datasets/my_datasets.json]}")
        }
        for key in section.keys where !["jsons", "filter"].contains(key) {
            throw ConfigurationError(
                .unknownKey, location: "datasets.\(key)", "unknown key 'datasets.\(key)'",
                fix: "use 'jsons' and 'filter'")
        }
        guard let jsons = section["jsons"]?.coercedStringList, !jsons.isEmpty else {
            throw ConfigurationError(
                .missingKey, location: "datasets.jsons", "'datasets.jsons' must list at least one dataset JSON file")
        }
        let files = jsons.map { resolve($0, in: folder) }
        guard let filterValue = section["filter"], filterValue != .null else { return (files, DatasetFilter()) }
        guard let filter = filterValue.objectValue else {
            throw ConfigurationError(.invalidValue, location: "datasets.filter", "'datasets.filter' must be a mapping")
        }
        let allowed = ["samples", "samples_exclude", "year", "datasets", "datasets_exclude"]
        var lists: [String: [String]] = [:]
        for (key, entry) in filter.entries {
            guard allowed.contains(key) else {
                throw ConfigurationError(
                    .unknownKey, location: "datasets.filter.\(key)", "unknown filter '\(key)'",
                    fix: "filters are \(allowed.joined(separator: ", "))")
            }
            guard let list = entry.coercedStringList else {
                throw ConfigurationError(
                    .invalidValue, location: "datasets.filter.\(key)",
                    "'datasets.filter.\(key)' must be a list of names")
            }
            lists[key] = list
        }
        return (
            files,
            DatasetFilter(
                samples: lists["samples"], samplesExclude: lists["samples_exclude"], years: lists["year"],
                datasets: lists["datasets"], datasetsExclude: lists["datasets_exclude"])
        )
    }

    /// `path` made absolute against `folder` (paths with a URL scheme are left alone).
    static func resolve(_ path: String, in folder: String) -> String {
        if path.hasPrefix("/") || path.contains("://") { return path }
        return ((folder as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }

    /// `path` made absolute against the current folder.
    public static func absolutePath(_ path: String) -> String {
        resolve(path, in: FileManager.default.currentDirectoryPath)
    }
}
