// Configuration layer: the resolved run options of one run — the defaults file's `general` section,
// overlaid by the executor's section, the user's `-ro` file and the command-line flags, each value
// checked against RunOptionSchema. Executors read the typed accessors.

/// Checked run options; every key of the schema that any layer set is present.
public struct RunOptions: Sendable, Equatable {
    /// The merged values, in schema order, normalized by kind.
    public private(set) var values: OrderedObject

    /// Options from already-checked values (schema order is restored).
    init(checked: OrderedObject) {
        var ordered = OrderedObject()
        for (key, _) in RunOptionSchema.keys {
            if let value = checked[key] { ordered[key] = value }
        }
        values = ordered
    }

    /// Options from a mapping that may come from anywhere; every value is checked.
    public init(validating object: OrderedObject) throws(ConfigurationError) {
        var checked = OrderedObject()
        for (key, value) in object.entries {
            guard let kind = RunOptionSchema.kind(of: key) else {
                throw ConfigurationError(.unknownKey, location: key, "unknown run option '\(key)'")
            }
            checked[key] = try kind.normalize(value, key: key)
        }
        self.init(checked: checked)
    }

    /// The raw value of `key`; `nil` when unset or null.
    public subscript(key: String) -> ConfigValue? {
        guard let value = values[key], value != .null else { return nil }
        return value
    }

    // MARK: - Typed accessors

    /// Number of jobs (batch executors) or workers (futures).
    public var scaleout: Int? { self["scaleout"]?.coercedInt }
    /// Events per chunk, global or per sample.
    public var chunksize: SampleSetting? { self["chunksize"].flatMap { try? SampleSetting($0, key: "chunksize") } }
    /// Events per batch job, global or per sample.
    public var maxEventsPerJob: SampleSetting? {
        self["max-events-per-job"].flatMap { try? SampleSetting($0, key: "max-events-per-job") }
    }
    /// Process only the first N files of each dataset.
    public var limitFiles: Int? { self["limit-files"]?.coercedInt }
    /// Process only the first N chunks.
    public var limitChunks: Int? { self["limit-chunks"]?.coercedInt }
    /// How often a failing chunk or job is retried.
    public var retries: Int { self["retries"]?.coercedInt ?? 0 }
    /// How many partial outputs are merged at once.
    public var treeReduction: Int? { self["tree-reduction"]?.coercedInt }
    /// Skip unreadable files instead of failing.
    public var skipBadFiles: Bool { self["skip-bad-files"]?.coercedBool ?? false }
    /// Path of the grid proxy to ship with jobs.
    public var vomsProxy: String? { self["voms-proxy"]?.coercedString }
    /// Run without a grid proxy (local files or open storage only).
    public var ignoreGridCertificate: Bool { self["ignore-grid-certificate"]?.coercedBool ?? false }
    /// Groups of samples processed together with --process-separately.
    public var groupSamples: [(group: String, samples: [String])]? {
        self["group-samples"]?.objectValue?.entries.map { ($0.key, $0.value.coercedStringList ?? []) }
    }
    /// The batch queue (HTCondor JobFlavour on lxplus).
    public var queue: String? { self["queue"]?.coercedString }
    /// CPU cores requested per job or worker.
    public var coresPerWorker: Int { self["cores-per-worker"]?.coercedInt ?? 1 }
    /// Memory requested per job, such as "2GB".
    public var memPerWorker: String? { self["mem-per-worker"]?.coercedString }
    /// Disk requested per job, such as "2GB".
    public var diskPerWorker: String? { self["disk-per-worker"]?.coercedString }
    /// The container image jobs run in.
    public var workerImage: String? { self["worker-image"]?.coercedString }
    /// Shell lines run at the start of each job.
    public var customSetupCommands: [String] { self["custom-setup-commands"]?.coercedStringList ?? [] }
    /// HTCondor max_retries of each batch job.
    public var maxRetries: Int { self["max-retries"]?.coercedInt ?? 0 }
    /// Wall-time limit of a batch job in seconds, for sites without JobFlavour queues.
    public var maxRunTime: Int? { self["max-run-time"]?.coercedInt }
    /// Address HTCondor notifies about finished jobs.
    public var notifyUser: String? { self["notify-user"]?.coercedString }
    /// Earliest start of batch jobs.
    public var startingTime: String? { self["starting-time"]?.coercedString }
    /// Name of the jobs folder.
    public var jobName: String { self["job-name"]?.coercedString ?? "job" }
    /// Parent folder of the jobs folder (default: the output folder).
    public var jobsDir: String? { self["jobs-dir"]?.coercedString }
    /// Write one output per category.
    public var splitByCategory: Bool { self["split-by-category"]?.coercedBool ?? false }
    /// XRootD prefix used to copy outputs to EOS.
    public var eosPrefix: String? { self["eos-prefix"]?.coercedString }
    /// Write everything but do not run or submit.
    public var dryRun: Bool { self["dry-run"]?.coercedBool ?? false }
    /// Grid sites whose replicas must not be used.
    public var blocklistSites: [String] { self["blocklist-sites"]?.coercedStringList ?? [] }
    /// Queue to give recreated jobs.
    public var recreateQueue: String? { self["recreate-queue"]?.coercedString }
    /// Read every file through the global XRootD redirector.
    public var useRedirector: Bool { self["use-redirector"]?.coercedBool ?? false }
    /// The format of the output files.
    public var outputFormat: OutputFormat {
        self["output-format"]?.coercedString.flatMap(OutputFormat.init(rawValue:)) ?? .json
    }

    /// The options as YAML, one `key: value` per line in schema order.
    public var yamlText: String {
        values.entries.map { "\($0.key): \(JSONWriter.string($0.value, pretty: false))" }.joined(separator: "\n") + "\n"
    }
}
