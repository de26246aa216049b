// CLI layer: `build-datasets` — turns a datasets definition (DAS names) into dataset JSONs. Not in
// this build, which the command says plainly.

import ArgumentParser

extension PocketCoffea {
    /// Queries DAS/Rucio for the files of datasets and writes dataset JSONs.
    struct BuildDatasets: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build-datasets",
            abstract: "Build dataset JSONs (files, nevents, metadata) from a datasets definition of DAS names."
        )

        @Option(name: ["--cfg"], help: "The datasets definition JSON (sample, json_output, das_names, metadata).")
        var cfg: String

        @Option(name: ["-k", "--keys"], help: "Build only these datasets of the definition (comma-separated).")
        var keys: String?

        @Flag(name: ["-d", "--download"], help: "Also download the files locally.")
        var download = false

        @Flag(name: ["-o", "--overwrite"], help: "Overwrite existing dataset JSONs.")
        var overwrite = false

        @Flag(name: ["-c", "--check"], help: "Check that every file exists.")
        var check = false

        @Flag(name: ["-s", "--split-by-year"], help: "Write one JSON per year.")
        var splitByYear = false

        @Option(name: ["-l", "--local-prefix"], help: "Prefix of local copies of the files.")
        var localPrefix: String?

        @Option(name: ["-as", "--allowlist-sites"], help: "Use only replicas at these sites (comma-separated).")
        var allowlistSites: String?

        @Option(name: ["-bs", "--blocklist-sites"], help: "Never use replicas at these sites (comma-separated).")
        var blocklistSites: String?

        @Option(
            name: ["-ps", "--prioritylist-sites"], help: "Sites in order of preference (with --sort-replicas priority)."
        )
        var prioritylistSites: String?

        @Option(name: ["-sort", "--sort-replicas"], help: "How replicas are ordered: geoip, random or priority.")
        var sortReplicas = "geoip"

        @Option(name: ["-rs", "--regex-sites"], help: "Use only replicas at sites matching this regular expression.")
        var regexSites: String?

        @Flag(name: ["-ir", "--include-redirector"], help: "Use the global redirector for files with no usable site.")
        var includeRedirector = false

        @Option(name: ["-p", "--parallelize"], help: "Parallel queries.")
        var parallelize: Int?

        func run() throws {
            try Console.reportingErrors {
                throw CapabilityMissing(
                    what: "build-datasets", missing: "building dataset JSONs from DAS is not implemented yet")
            }
        }
    }
}
