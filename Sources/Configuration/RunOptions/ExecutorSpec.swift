// Configuration layer: executor strings as users type them (`iterative`, `futures`, `condor@lxplus`),
// resolved against the executors the defaults file defines.

/// An executor and, for batch systems, the site whose defaults it uses: `condor@lxplus`.
public struct ExecutorSpec: Sendable, Hashable, CustomStringConvertible {
    /// The executor kind: `iterative`, `futures`, `condor`.
    public var name: String
    /// The site profile for batch executors: `lxplus`, `rubin`.
    public var site: String?

    public init(name: String, site: String? = nil) {
        self.name = name
        self.site = site
    }

    /// Parses `NAME` or `NAME@SITE`, checking it against `known` (the defaults file's section names).
    ///
    /// - Throws: ``ConfigurationError`` `.unknownExecutor` listing the known executors.
    public init(parsing text: String, known: [String]) throws(ConfigurationError) {
        let trimmed = text.trimmingWhitespace()
        guard known.contains(trimmed) else {
            let hint: String
            if trimmed.hasPrefix("dask") || trimmed.hasPrefix("parsl") {
                hint =
                    "dask and parsl clusters are not part of this tool; batch jobs run as condor@SITE (known: \(known.joined(separator: ", ")))"
            } else if let match = known.first(where: { $0.hasPrefix(trimmed + "@") }) {
                hint = "'\(trimmed)' needs a site: use --executor \(match)"
            } else {
                hint = "use one of: \(known.joined(separator: ", "))"
            }
            throw ConfigurationError(.unknownExecutor, "unknown executor '\(text)'", fix: hint)
        }
        let parts = trimmed.split(separator: "@", maxSplits: 1).map(String.init)
        self.init(name: parts[0], site: parts.count > 1 ? parts[1] : nil)
    }

    /// `NAME@SITE`, the key of this executor's section in the run options.
    public var description: String { site.map { "\(name)@\($0)" } ?? name }

    /// Whether jobs go to a batch system (a jobs folder is compiled) rather than run here.
    public var isBatch: Bool { name == "condor" }
}
