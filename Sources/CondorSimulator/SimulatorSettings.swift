// Condor simulator: its settings, read from the environment so that a `condor_submit` link on PATH
// can be configured without options, as real HTCondor tools are through their configuration.
//
//   CONDOR_SIM_STATE        state folder (default $XDG_STATE_HOME or ~/.local/state, /pocket-coffea/condor-sim)
//   CONDOR_SIM_TIME_SCALE   factor on every wall-time limit (+JobFlavour, +MaxRuntime); 0.001 makes
//                           microcentury (1 h) last 3.6 s
//   CONDOR_SIM_MAX_JOBS     jobs running at once (default: the number of cores); read when the schedd starts
//   CONDOR_SIM_FAIL_SUBMIT  N: every N-th condor_submit fails as if the schedd were unreachable (1: all)
//   CONDOR_SIM_PERIODIC_REMOVE_REASON  the abort reason of a job past its wall time, as the pool
//                           setting SYSTEM_PERIODIC_REMOVE_REASON would give it

import Foundation

/// How the simulator behaves.
public struct SimulatorSettings: Sendable, Hashable {
    /// The folder holding the queue, the cluster counter, job scratch folders and the submission log.
    public var stateFolder: String
    /// The factor applied to every wall-time limit.
    public var timeScale: Double = 1
    /// How many jobs run at once.
    public var maximumRunningJobs: Int
    /// Every how many submissions one fails, if any.
    public var failEverySubmission: Int?
    /// The abort reason for a job past its wall time; HTCondor's own wording when `nil`.
    public var periodicRemoveReason: String?

    /// The environment variables read, for help texts.
    public static let variables = [
        "CONDOR_SIM_STATE", "CONDOR_SIM_TIME_SCALE", "CONDOR_SIM_MAX_JOBS", "CONDOR_SIM_FAIL_SUBMIT",
        "CONDOR_SIM_PERIODIC_REMOVE_REASON",
    ]

    public init(stateFolder: String, maximumRunningJobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.stateFolder = stateFolder
        self.maximumRunningJobs = maximumRunningJobs
    }

    /// The settings `environment` gives.
    ///
    /// - Throws: ``SimulatorError`` naming a variable whose value is not usable.
    public init(environment: [String: String]) throws(SimulatorError) {
        let state: String
        if let folder = environment["CONDOR_SIM_STATE"], !folder.isEmpty {
            state = folder
        } else {
            let base =
                environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
                ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
            state = base + "/pocket-coffea/condor-sim"
        }
        self.init(stateFolder: URL(fileURLWithPath: state).standardizedFileURL.path)
        if let text = environment["CONDOR_SIM_TIME_SCALE"] {
            guard let scale = Double(text), scale > 0, scale.isFinite else {
                throw SimulatorError(
                    "CONDOR_SIM_TIME_SCALE must be a positive number (0.001 makes 1 h last 3.6 s), not '\(text)'")
            }
            timeScale = scale
        }
        if let text = environment["CONDOR_SIM_MAX_JOBS"] {
            guard let count = Int(text), count > 0 else {
                throw SimulatorError("CONDOR_SIM_MAX_JOBS must be a positive whole number, not '\(text)'")
            }
            maximumRunningJobs = count
        }
        if let text = environment["CONDOR_SIM_FAIL_SUBMIT"] {
            guard let every = Int(text), every > 0 else {
                throw SimulatorError(
                    "CONDOR_SIM_FAIL_SUBMIT must be N > 0 (every N-th submission fails), not '\(text)'")
            }
            failEverySubmission = every
        }
        periodicRemoveReason = environment["CONDOR_SIM_PERIODIC_REMOVE_REASON"].flatMap { $0.isEmpty ? nil : $0 }
    }
}
