// CLI layer: `check-jobs` — the babysitter of a jobs folder. Its options are those of PocketCoffea's
// check-jobs; the babysitter itself is not in this build, which the command says plainly.

import ArgumentParser

extension PocketCoffea {
    /// Watches a jobs folder, diagnoses failures and resubmits.
    struct CheckJobs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Watch a jobs folder: job states, failures, resubmission with new replicas and longer queues.",
            discussion: """
                Example:
                  check-jobs -j out/job --resubmit --details
                """
        )

        @Option(name: ["-j", "--jobs-folder"], help: "The jobs folder (or a folder holding a single job/ folder).")
        var jobsFolder: String

        @Flag(name: ["-d", "--details"], help: "Show a table of every job.")
        var details = false

        @Flag(name: ["-r", "--resubmit"], help: "Resubmit failed jobs, moving failed files to other replicas.")
        var resubmit = false

        @Option(name: ["-m", "--max-resubmit"], help: "Give a job up after this many resubmissions.")
        var maxResubmit = 4

        @Option(name: ["-b", "--blacklist-threshold"], help: "Blacklist a site after this many failed reads from it.")
        var blacklistThreshold = 3

        @Option(name: ["-q", "--queue-shift"], help: "Queue steps to bump a job aborted by its time limit.")
        var queueShift = 1

        @Option(help: "Group the progress table by sample, dataset or none (needs jobs_config.yaml).")
        var by = "sample"

        func validate() throws {
            guard ["sample", "dataset", "none"].contains(by) else {
                throw ValidationError("--by must be sample, dataset or none, not '\(by)'")
            }
        }

        func run() throws {
            try Console.reportingErrors {
                throw CapabilityMissing(what: "check-jobs", missing: "the job babysitter is not implemented yet")
            }
        }
    }
}
