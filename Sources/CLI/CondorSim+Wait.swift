// CLI layer: `condor-sim wait` — blocks until the simulator's queue is empty, like condor_wait on
// every log at once.

import ArgumentParser
import CondorSimulator
import Foundation

extension PocketCoffea.CondorSim {
    /// Waits for the simulator's queue to drain.
    struct Wait: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "wait",
            abstract: "Wait until every simulated job has left the queue (done, aborted or held)."
        )

        @Option(help: ArgumentHelp("Give up after this many seconds (exit status 1).", valueName: "seconds"))
        var timeout: Double?

        func run() throws {
            let simulator = try PocketCoffea.CondorSim.simulator()
            let left: [String]
            do {
                left = try simulator.waitForQueue(
                    timeout: timeout, environment: ProcessInfo.processInfo.environment,
                    scheddCommand: PocketCoffea.CondorSim.scheddCommand
                ).map(\.description)
            } catch {
                Console.error(error.message)
                throw ExitCode.failure
            }
            guard left.isEmpty else {
                Console.error(
                    "\(left.count) job(s) still queued after \(timeout ?? 0) s: \(left.joined(separator: ", "))")
                throw ExitCode.failure
            }
        }
    }
}
