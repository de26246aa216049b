// CLI layer: `run --executor condor@SITE --recreate-jobs JOBS` — hand the existing jobs folder to the
// job recreator, print what it changes, and exit non-zero when a submission failed.

import ArgumentParser
import Configuration
import Jobs

struct BatchRecreation {
    var run: ResolvedRun
    /// `auto`, `0,1,3` or `job_0,job_1`.
    var jobs: String

    func perform() throws {
        do {
            guard run.executor.isBatch else {
                throw JobsError(
                    "--recreate-jobs rebuilds HTCondor jobs, not a run with --executor \(run.executor)",
                    fix: "pass the executor of the jobs folder, such as --executor condor@lxplus")
            }
            let request = RecreateRequest(run: run, selection: try JobSelection(parsing: jobs))
            let recreator = JobRecreator(request: request, log: { print($0) }, warn: Console.warn)
            let summary = try recreator.run()
            guard summary.failures.isEmpty else {
                summary.failures.forEach(Console.error)
                throw ExitCode.failure
            }
            if !summary.submitted.isEmpty {
                print("Watch them with: check-jobs -j \(request.folder.path) --resubmit")
            }
        } catch let failure as JobsError {
            Console.error(failure.description)
            throw ExitCode.failure
        }
    }
}
