// Configuration layer: a site profile file (`run --executor-custom-setup SITE.yaml`), the Swift
// counterpart of PocketCoffea's executor-custom-setup Python module. It declares an HTCondor site —
// executor defaults, how wall time is requested, extra submit commands and job setup lines — without
// running any code. See share/sites/example-site.yaml.

/// How a site's jobs ask for wall time.
public enum WallTimeRequest: String, Sendable, CaseIterable {
    /// `+JobFlavour = "queue"` (CERN).
    case jobFlavour = "job-flavour"
    /// `+MaxRuntime = max-run-time` in seconds.
    case maxRuntime = "max-runtime"
    /// No wall-time command.
    case none
}

/// A site profile: everything `condor@SITE` needs to compile jobs for a site.
public struct SiteDefinition: Sendable, Equatable {
    /// The site name; the executor is `condor@<site>`.
    public var site: String
    /// The built-in site whose defaults it starts from (`lxplus`, `rubin`), if any.
    public var basedOn: String?
    /// Whether worker nodes see the submit host's filesystem; if not, the binary travels with each job.
    public var sharedFilesystem: Bool
    /// How jobs ask for wall time.
    public var wallTime: WallTimeRequest
    /// Whether HTCondor mails `notify-user` about each job.
    public var notifies: Bool
    /// Executor defaults, above the base section and below `-ro` and the command line.
    public var runOptions: OrderedObject
    /// Extra submit commands, written after the standard ones (a standard key is replaced in place).
    public var submitCommands: [(key: String, value: String)]
    /// Shell lines run at the start of each job, after custom-setup-commands.
    public var jobSetup: [String]

    /// The executor this profile defines.
    public var executor: String { "condor@\(site)" }

    static let keys = [
        "site", "based-on", "shared-filesystem", "wall-time", "notify", "run-options", "submit", "job-setup",
    ]

    /// Reads and checks a site profile file.
    ///
    /// - Throws: ``ConfigurationError`` naming the file and key of the first problem.
    public static func load(path: String) throws(ConfigurationError) -> SiteDefinition {
        do { return try SiteDefinition(try YAMLReader.parse(contentsOf: path)) } catch { throw error.inFile(path) }
    }

    /// A profile from parsed YAML.
    public init(_ document: ConfigValue) throws(ConfigurationError) {
        guard let object = document.objectValue else {
            throw ConfigurationError(
                .invalidValue, "a site profile must be a mapping", fix: "see share/sites/example-site.yaml")
        }
        for key in object.keys where !Self.keys.contains(key) {
            throw ConfigurationError(
                .unknownKey, location: key, "unknown site-profile key '\(key)'",
                fix: "known keys: \(Self.keys.joined(separator: ", "))")
        }
        guard let site = object["site"]?.coercedString, Self.isSiteName(site) else {
            throw ConfigurationError(
                .missingKey, location: "site", "a site profile needs 'site', a name of letters, digits, '-' or '_'",
                fix: "add site: mysite, then run with --executor condor@mysite")
        }
        self.site = site
        basedOn = try Self.optional(object, "based-on") { $0.coercedString }
        if let basedOn, !["lxplus", "rubin"].contains(basedOn) {
            throw ConfigurationError(
                .invalidValue, location: "based-on", "unknown base site '\(basedOn)'", fix: "use lxplus or rubin")
        }
        let base: (shared: Bool, wallTime: WallTimeRequest, notifies: Bool) =
            basedOn == "lxplus"
            ? (true, .jobFlavour, false) : basedOn == "rubin" ? (false, .maxRuntime, true) : (false, .none, false)
        sharedFilesystem = try Self.optional(object, "shared-filesystem") { $0.coercedBool } ?? base.shared
        notifies = try Self.optional(object, "notify") { $0.coercedBool } ?? base.notifies
        wallTime =
            try Self.optional(object, "wall-time") { $0.coercedString.flatMap(WallTimeRequest.init(rawValue:)) }
            ?? base.wallTime
        switch object["run-options"] ?? .null {
        case .null: runOptions = OrderedObject()
        case .object(let entries):
            runOptions = entries
            do { _ = try RunOptions(validating: entries) } catch {
                var located = error
                located.location = "run-options." + (error.location ?? "")
                throw located
            }
        default:
            throw ConfigurationError(.invalidValue, location: "run-options", "'run-options' must be a mapping")
        }
        submitCommands = try Self.submitCommands(object["submit"])
        jobSetup = try Self.optional(object, "job-setup") { $0.coercedStringList } ?? []
    }

    public static func == (lhs: SiteDefinition, rhs: SiteDefinition) -> Bool {
        lhs.site == rhs.site && lhs.basedOn == rhs.basedOn && lhs.sharedFilesystem == rhs.sharedFilesystem
            && lhs.wallTime == rhs.wallTime && lhs.notifies == rhs.notifies && lhs.runOptions == rhs.runOptions
            && lhs.submitCommands.elementsEqual(rhs.submitCommands) { $0 == $1 } && lhs.jobSetup == rhs.jobSetup
    }

    private static func isSiteName(_ text: String) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
            }
    }

    /// `object[key]` converted, `nil` when absent or null; a value `convert` rejects is an error.
    private static func optional<T>(_ object: OrderedObject, _ key: String, _ convert: (ConfigValue) -> T?)
        throws(ConfigurationError) -> T?
    {
        guard let value = object[key], value != .null else { return nil }
        guard let converted = convert(value) else {
            let expected: String =
                switch key {
                case "wall-time": "one of \(WallTimeRequest.allCases.map(\.rawValue).joined(separator: ", "))"
                case "job-setup": "a list of shell lines"
                case "shared-filesystem", "notify": "true or false"
                default: "a string"
                }
            throw ConfigurationError(
                .invalidValue, location: key, "'\(key)' must be \(expected), not \(value.kindDescription)")
        }
        return converted
    }

    /// Submit commands: a mapping of key to value, each value on one line without macros the user did not mean.
    private static func submitCommands(_ value: ConfigValue?) throws(ConfigurationError) -> [(
        key: String, value: String
    )] {
        guard let value, value != .null else { return [] }
        guard let entries = value.objectValue else {
            throw ConfigurationError(.invalidValue, location: "submit", "'submit' must be a mapping of command: value")
        }
        var commands: [(key: String, value: String)] = []
        for (key, item) in entries.entries {
            guard let text = item.coercedString, !text.contains("\n"), !key.contains("="), !key.contains(" ") else {
                throw ConfigurationError(
                    .invalidValue, location: "submit.\(key)", "a submit command must be one line: key = value",
                    fix: "write the value on one line, as in a submit file")
            }
            commands.append((key, text))
        }
        return commands
    }
}
