// CLI layer: `condor-sim submit FILE` — condor_submit for the simulator, printing what
// condor_submit prints, so that `run` and check-jobs read its answer as they read HTCondor's.

import ArgumentParser
import CondorSimulator
import Foundation

extension PocketCoffea.CondorSim {
    /// Queues the jobs of a submit file.
    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "submit",
            abstract: "Queue the jobs of a submit file, as condor_submit does.",
            discussion: """
                Prints 'Submitting job(s)...' and 'N job(s) submitted to cluster C.' and returns;
                the jobs run in the background. Errors are printed as 'ERROR: …' with exit status 1.
                """
        )

        @Argument(help: ArgumentHelp("The submit description file.", valueName: "file.sub"))
        var file: String

        func run() throws {
            let simulator = try PocketCoffea.CondorSim.simulator()
            do {
                let receipt = try simulator.submit(
                    file: file, directory: FileManager.default.currentDirectoryPath,
                    environment: ProcessInfo.processInfo.environment,
                    scheddCommand: PocketCoffea.CondorSim.scheddCommand)
                print("Submitting job(s)" + String(repeating: ".", count: receipt.jobCount))
                print("\(receipt.jobCount) job(s) submitted to cluster \(receipt.cluster).")
            } catch {
                FileHandle.standardError.write(Data("\nERROR: \(error.message)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}
