// CLI layer: `merge-outputs` — merges job outputs. Its options are those of PocketCoffea's
// merge-outputs; the merger itself is not in this build, which the command says plainly.

import ArgumentParser

extension PocketCoffea {
    /// Merges the outputs of jobs into one output.
    struct MergeOutputs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge job outputs into one output file, checking that every job produced one.",
            discussion: """
                Examples:
                  merge-outputs -jc out/job
                  merge-outputs out/output_job_0.* out/output_job_1.* -o merged
                """
        )

        @Argument(help: "Output files to merge (not needed with --jobs-config).")
        var inputFiles: [String] = []

        @Option(name: ["-o", "--outputfile"], help: "The merged output file.")
        var outputfile: String?

        @Option(
            name: ["-jc", "--jobs-config"], help: "A jobs_config.yaml, a jobs folder, or an output folder holding job/."
        )
        var jobsConfig: String?

        @Option(name: ["-cfg", "--configurator"], help: "The configurator, for outputs written without one.")
        var configurator: String?

        @Flag(name: ["-f", "--force"], help: "Overwrite an existing merged output.")
        var force = false

        @Flag(name: ["-s", "--skip-check"], help: "Merge the outputs that exist even if some jobs have none.")
        var skipCheck = false

        @Flag(help: "Mark jobs with a missing or broken output as failed for check-jobs.")
        var markFailed = false

        @Flag(help: "Datasets of later files replace those of the first file instead of adding to them.")
        var replace = false

        @Option(name: ["-n", "--reduction"], help: "Outputs merged at once.")
        var reduction: Int?

        @Option(name: ["-m", "--max-mem-gb", "--max_mem_gb"], help: "Memory budget of the merge in GB.")
        var maxMemGb: Double?

        @Option(
            name: ["-cd", "--cache-dir", "--cache_dir"], help: "Folder for partial merges when the budget is exceeded.")
        var cacheDir: String?

        @Option(help: "A dataset whose initial-events mismatch is only a warning (repeatable).")
        var skipInitialEventsCheck: [String] = []

        @Flag(name: ["-v", "--verbose"], help: "Print every file as it is merged.")
        var verbose = false

        func validate() throws {
            if inputFiles.isEmpty && jobsConfig == nil {
                throw ValidationError("give the output files to merge, or a jobs folder with -jc")
            }
        }

        func run() throws {
            try Console.reportingErrors {
                throw CapabilityMissing(what: "merge-outputs", missing: "merging outputs is not implemented yet")
            }
        }
    }
}
