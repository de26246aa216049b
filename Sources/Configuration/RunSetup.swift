// Configuration layer: the entry point of `pocket-coffea run` below the CLI — turns what the user typed
// into a checked plan (executor, run options, configurator with its selected datasets) and writes the
// resolved configuration into the output folder. Executors start from a ResolvedRun.

import Foundation

/// What the user asked `run` to do, before any file is read.
public struct RunRequest: Sendable {
    /// The analysis configurator (YAML) or a resolved configurator (JSON).
    public var configuratorPath: String
    /// The output folder.
    public var outputDirectory: String
    /// The executor string, such as `condor@lxplus`.
    public var executor: String
    /// The `-ro/--custom-run-options` file.
    public var customRunOptionsPath: String?
    /// Run options set by command-line flags, by run-option key.
    public var commandLineOptions: OrderedObject
    /// The command line's dataset filters.
    public var filter: DatasetFilter
    /// `--test`: a quick run on a few files and chunks.
    public var test: Bool
    /// `--executor-custom-setup`: a site profile file.
    public var siteProfilePath: String?

    public init(
        configuratorPath: String, outputDirectory: String, executor: String = "iterative",
        customRunOptionsPath: String? = nil, commandLineOptions: OrderedObject = OrderedObject(),
        filter: DatasetFilter = DatasetFilter(), test: Bool = false, siteProfilePath: String? = nil
    ) {
        self.siteProfilePath = siteProfilePath
        self.configuratorPath = configuratorPath
        self.outputDirectory = outputDirectory
        self.executor = executor
        self.customRunOptionsPath = customRunOptionsPath
        self.commandLineOptions = commandLineOptions
        self.filter = filter
        self.test = test
    }
}

/// A checked run: everything an executor needs.
public struct ResolvedRun: Sendable {
    /// The executor that runs it.
    public var executor: ExecutorSpec
    /// The merged, checked run options.
    public var runOptions: RunOptions
    /// The configurator with its datasets selected.
    public var configurator: AnalysisConfigurator
    /// The absolute output folder.
    public var outputDirectory: String
    /// Warnings to show the user (ignored keys, test-mode adjustments).
    public var warnings: [String]
    /// The site profile given with `--executor-custom-setup`.
    public var site: SiteDefinition?

    public init(
        executor: ExecutorSpec, runOptions: RunOptions, configurator: AnalysisConfigurator, outputDirectory: String,
        warnings: [String], site: SiteDefinition? = nil
    ) {
        self.site = site
        self.executor = executor
        self.runOptions = runOptions
        self.configurator = configurator
        self.outputDirectory = outputDirectory
        self.warnings = warnings
    }

    /// Files written by ``writeResolvedConfiguration()``, relative to the output folder.
    public static let configurationFile = "config.json"
    public static let runOptionsFile = "run_options.yaml"

    /// Writes `config.json` (the resolved configurator) and `run_options.yaml` into the output folder.
    public func writeResolvedConfiguration() throws(ConfigurationError) {
        try AtomicFile.write(
            ResolvedConfigurator.bytes(configurator), to: outputDirectory + "/" + Self.configurationFile)
        let header = "# Run options of executor \(executor), resolved by pocket-coffea\n"
        try AtomicFile.write(header + runOptions.yamlText, to: outputDirectory + "/" + Self.runOptionsFile)
    }
}

/// Resolves a ``RunRequest``.
public enum RunSetup {
    /// The files and chunks a `--test` run is limited to, unless the user set smaller limits.
    public static let testLimits = (files: 2, chunks: 2)

    /// Checks the request and loads everything it names.
    ///
    /// - Throws: ``ConfigurationError`` for the first bad input, naming the file and key.
    public static func resolve(_ request: RunRequest, resolver: RunOptionsResolver) throws(ConfigurationError)
        -> ResolvedRun
    {
        var warnings: [String] = []
        var commandLine = request.commandLineOptions
        if request.test {
            if commandLine["limit-files"] == nil { commandLine["limit-files"] = .int(testLimits.files) }
            if commandLine["limit-chunks"] == nil { commandLine["limit-chunks"] = .int(testLimits.chunks) }
        }
        let site = try request.siteProfilePath.map(SiteDefinition.load(path:))
        var known = resolver.knownExecutors
        if let site, !known.contains(site.executor) { known.append(site.executor) }
        let executor = try ExecutorSpec(parsing: request.executor, known: known)
        if let site, site.executor != executor.description {
            throw ConfigurationError(
                .unknownExecutor, file: request.siteProfilePath,
                "the site profile defines \(site.executor), but the executor is \(executor)",
                fix: "run with --executor \(site.executor)")
        }
        var custom: (String, ConfigValue)?
        if let path = request.customRunOptionsPath {
            custom = (path, try YAMLReader.parse(contentsOf: path))
        }
        let (options, optionWarnings) = try resolver.resolve(
            executor: executor, customOptions: custom, commandLine: commandLine, site: site)
        warnings += optionWarnings
        let configurator = try AnalysisConfigurator.load(path: request.configuratorPath)
            .resolvingDatasets(extraFilter: request.filter, limitFiles: options.limitFiles)
        return ResolvedRun(
            executor: executor, runOptions: options, configurator: configurator,
            outputDirectory: AnalysisConfigurator.absolutePath(request.outputDirectory), warnings: warnings,
            site: site)
    }
}
