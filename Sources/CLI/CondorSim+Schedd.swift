// CLI layer: `condor-sim schedd` — the background process condor-sim submit starts; not for users.

import ArgumentParser
import CondorSimulator

extension PocketCoffea.CondorSim {
    /// Runs the simulator's queue until it is empty.
    struct Schedd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schedd",
            abstract: "Run the queued jobs until the queue is empty (started by condor-sim submit).",
            shouldDisplay: false
        )

        func run() throws {
            let simulator = try PocketCoffea.CondorSim.simulator()
            do {
                try simulator.runSchedd()
            } catch {
                Console.error(error.message)
                throw ExitCode.failure
            }
        }
    }
}
