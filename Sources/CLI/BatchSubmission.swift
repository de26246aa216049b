// CLI layer: `run --executor condor@SITE` — prepare the proxy, compile the jobs folder, print the jobs
// table, and submit with condor_submit unless this is a dry run.

import ArgumentParser
import Condor
import Configuration
import Foundation
import Jobs

struct BatchSubmission {
    var run: ResolvedRun

    func perform() throws {
        do {
            let proxy = try GridProxy().prepare(run.runOptions)
            var compiler = JobCompiler(
                run: run, binary: Self.currentBinary, version: PocketCoffea.version, proxy: proxy)
            let bar = ProgressBar(label: "writing job files")
            compiler.progress = { done, total in bar.update(done, of: total) }
            let compiled = try compiler.compile()
            bar.finish()
            compiled.messages.forEach { print($0) }
            compiled.warnings.forEach(Console.warn)
            print(JobsReport.table(compiled))
            let folder = compiled.folder.path
            if run.runOptions.dryRun {
                print("Dry run, not submitting jobs. You can find all files in \(folder)")
                print("Submit them with: cd \(folder) && condor_submit \(JobsFolder.batchSubmitFileName)")
                return
            }
            print("Submitting \(compiled.jobs.count) jobs from \(folder)")
            let receipt = try CondorSubmitter().submit(file: JobsFolder.batchSubmitFileName, in: folder)
            print("\(receipt.jobCount) job(s) submitted to cluster \(receipt.cluster).")
            print("Watch them with: check-jobs -j \(folder) --resubmit")
        } catch let failure as JobsError {
            Console.error(failure.description)
            throw ExitCode.failure
        } catch let failure as CondorSubmitError {
            Console.error(failure.description)
            throw ExitCode.failure
        }
    }

    /// The path of the running binary, which is copied into the jobs folder.
    static var currentBinary: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
