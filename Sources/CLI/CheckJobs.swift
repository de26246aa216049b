// CLI layer: `check-jobs` — the babysitter of a jobs folder. Its options are those of PocketCoffea's
// check-jobs plus a poll interval; the work is the Babysitter module's, the output a live view on a
// terminal and timestamped lines otherwise.

import ArgumentParser
import Babysitter
import Foundation
import Synchronization

extension PocketCoffea {
    /// Watches a jobs folder, diagnoses failures and resubmits.
    struct CheckJobs: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-jobs",
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

        @Option(name: ["-i", "--interval"], help: "Seconds between polls.")
        var interval: Double = 30

        func validate() throws {
            guard ["sample", "dataset", "none"].contains(by) else {
                throw ValidationError("--by must be sample, dataset or none, not '\(by)'")
            }
            guard interval > 0 else { throw ValidationError("--interval must be a positive number of seconds") }
        }

        func run() throws {
            var request = BabysitterRequest(folder: BabysitterRequest.jobsFolder(at: jobsFolder))
            request.resubmit = resubmit
            request.maxResubmit = maxResubmit
            request.blacklistThreshold = blacklistThreshold
            request.queueShift = queueShift
            request.grouping = ProgressGrouping(rawValue: by) ?? .sample
            request.pollInterval = interval
            let view = CheckJobsView(terminal: isatty(STDOUT_FILENO) == 1, details: details)
            let report: BabysitterReport
            do {
                let babysitter = try Babysitter(request: request, log: view.event)
                CheckJobsView.detachOnInterrupt()
                report = try babysitter.run(render: view.render) {
                    CheckJobsView.interrupted.load(ordering: .relaxed)
                }
            } catch {
                Console.error(error.description)
                throw ExitCode.failure
            }
            guard report.isComplete else { return }
            for line in PlainRenderer.completion(folder: request.folder.path) { print(line) }
        }
    }
}

/// The output of check-jobs: the live view on a terminal, plain lines otherwise.
final class CheckJobsView {
    /// Set by Ctrl-C: the session detaches after the current poll.
    static let interrupted = Atomic(false)

    /// Ctrl-C sets ``interrupted``; SIGINT is unblocked too, as a parent may have spawned us with it blocked.
    static func detachOnInterrupt() {
        signal(SIGINT) { _ in CheckJobsView.interrupted.store(true, ordering: .relaxed) }
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigprocmask(SIG_UNBLOCK, &signals, nil)
    }

    private var terminal: TerminalRenderer?
    private var plain: PlainRenderer?
    private let details: Bool

    init(terminal isTerminal: Bool, details: Bool) {
        let write: (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
        if isTerminal { terminal = TerminalRenderer(write: write) } else { plain = PlainRenderer(write: write) }
        self.details = details
    }

    func event(_ line: String) {
        terminal?.event(line)
        plain?.event(line)
    }

    func render(_ report: BabysitterReport) {
        terminal?.render(report, details: details)
        plain?.render(report, details: details)
    }
}
