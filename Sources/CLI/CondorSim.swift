// CLI layer: `pocket-coffea condor-sim` — the HTCondor simulator, for trying a jobs folder on a
// machine without HTCondor and for the tests of check-jobs. Its `submit` is what a `condor_submit`
// link to this binary runs.

import ArgumentParser
import CondorSimulator
import Foundation

extension PocketCoffea {
    /// The HTCondor simulator's commands.
    struct CondorSim: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "condor-sim",
            abstract: "Run HTCondor jobs on this machine: a condor_submit stand-in for trying a jobs folder.",
            discussion: """
                Jobs run in a background process (condor_submit returns at once), at most
                CONDOR_SIM_MAX_JOBS at a time, each in its own scratch folder with its
                transfer_input_files, writing HTCondor's events to its Log. A job that outlives
                its +JobFlavour (or +MaxRuntime) is aborted with SYSTEM_PERIODIC_REMOVE.

                Try a jobs folder:
                  mkdir -p ~/condor-sim/bin
                  ln -s "$(command -v pocket-coffea)" ~/condor-sim/bin/condor_submit
                  export PATH=~/condor-sim/bin:$PATH CONDOR_SIM_TIME_SCALE=0.01
                  pocket-coffea run --cfg analysis.yaml -o out -e condor@lxplus
                  pocket-coffea condor-sim wait

                Environment:
                  CONDOR_SIM_STATE        state folder (default ~/.local/state/pocket-coffea/condor-sim)
                  CONDOR_SIM_TIME_SCALE   factor on wall-time limits (0.001: 1 h lasts 3.6 s)
                  CONDOR_SIM_MAX_JOBS     jobs running at once (default: the number of cores)
                  CONDOR_SIM_FAIL_SUBMIT  N: every N-th condor_submit fails (1: all of them)
                  CONDOR_SIM_PERIODIC_REMOVE_REASON  abort reason for jobs past their wall time
                """,
            subcommands: [Submit.self, Wait.self, Schedd.self]
        )

        /// The simulator configured by this process's environment.
        static func simulator() throws -> CondorSimulator {
            do {
                return CondorSimulator(
                    settings: try SimulatorSettings(environment: ProcessInfo.processInfo.environment))
            } catch {
                Console.error(error.message)
                throw ExitCode.failure
            }
        }

        /// How to start the schedd in a new process: this binary, whatever name it was called by.
        static var scheddCommand: [String] {
            [Bundle.main.executablePath ?? CommandLine.arguments[0], "condor-sim", "schedd"]
        }
    }
}
