// Configuration layer: the merge of run-option layers, lowest first —
//   defaults `general`  <  defaults `EXECUTOR@SITE`  <  `-ro` file  <  command-line flags.
// Each layer replaces whole values (a per-sample chunksize mapping replaces a number, and the other
// way round). Unknown keys in user files are warned about by name and ignored.

/// The defaults file and the merge of the layers above it.
public struct RunOptionsResolver: Sendable {
    /// The parsed defaults file: `general` and one section per executor.
    public let defaults: OrderedObject

    /// A resolver over the defaults file built into the binary (share/executor_options_defaults.yaml).
    public init() throws(ConfigurationError) {
        let text = String(decoding: PackageResources.executor_options_defaults_yaml, as: UTF8.self)
        try self.init(defaultsText: text, file: "executor_options_defaults.yaml")
    }

    /// A resolver over a defaults document; every section and key is checked.
    public init(defaultsText: String, file: String) throws(ConfigurationError) {
        let parsed: ConfigValue
        do { parsed = try YAMLReader.parse(defaultsText) } catch { throw error.inFile(file) }
        guard let object = parsed.objectValue, object["general"]?.objectValue != nil else {
            throw ConfigurationError(
                .missingKey, file: file, location: "general", "the defaults file needs a 'general' section")
        }
        for (section, value) in object.entries {
            guard let entries = value.objectValue else {
                throw ConfigurationError(
                    .invalidValue, file: file, location: section, "section '\(section)' must be a mapping")
            }
            do { _ = try RunOptions(validating: entries) } catch { throw error.inFile(file) }
        }
        defaults = object
    }

    /// The executors the defaults define: every section but `general`.
    public var knownExecutors: [String] { defaults.keys.filter { $0 != "general" } }

    /// Resolves the run options of `executor`.
    ///
    /// - Parameters:
    ///   - customOptions: the `-ro` file's path and content, if one was given.
    ///   - commandLine: values set by command-line flags, keyed by run-option name.
    ///   - site: a site profile; its run options replace the executor section (above its base site's).
    /// - Returns: the options and one warning line per ignored key.
    public func resolve(
        executor: ExecutorSpec, customOptions: (path: String, content: ConfigValue)? = nil,
        commandLine: OrderedObject = OrderedObject(), site: SiteDefinition? = nil
    ) throws(ConfigurationError) -> (options: RunOptions, warnings: [String]) {
        var merged = defaults["general"]?.objectValue ?? OrderedObject()
        var sections = [defaults[executor.description]?.objectValue]
        if let site, site.executor == executor.description {
            sections = [site.basedOn.flatMap { defaults["condor@\($0)"]?.objectValue }, site.runOptions]
        }
        for section in sections {
            for (key, value) in section?.entries ?? [] { merged[key] = value }
        }
        var warnings: [String] = []
        if let (path, content) = customOptions {
            let entries: OrderedObject
            switch content {
            case .null: entries = OrderedObject()
            case .object(let object): entries = object
            default:
                throw ConfigurationError(
                    .invalidValue, file: path,
                    "a run-options file must be a mapping of option: value, not \(content.kindDescription)")
            }
            for (key, value) in entries.entries {
                guard let kind = RunOptionSchema.kind(of: key) else {
                    let hint = RunOptionSchema.suggestion(for: key).map { " (did you mean '\($0)'?)" } ?? ""
                    warnings.append("\(path): unknown run option '\(key)' is ignored\(hint)")
                    continue
                }
                do { merged[key] = try kind.normalize(value, key: key) } catch { throw error.inFile(path) }
            }
        }
        for (key, value) in commandLine.entries {
            guard let kind = RunOptionSchema.kind(of: key) else {
                throw ConfigurationError(.unknownKey, location: key, "unknown run option '\(key)'")
            }
            merged[key] = try kind.normalize(value, key: key)
        }
        return (try RunOptions(validating: merged), warnings)
    }
}
