// Test support: a private HTCondor simulator for one test — a `condor_submit` link to the built
// binary on a PATH of its own, a state folder of its own (so its schedd, clusters and submission log
// are the test's alone), and helpers to submit and wait.

import Foundation

/// A folder holding `bin/condor_submit` and the simulator state of one test.
public struct CondorSimulatorSandbox: Sendable {
    /// The sandbox folder.
    public let folder: String
    /// The folder put first on PATH; it holds the `condor_submit` link.
    public var bin: String { folder + "/bin" }
    /// The simulator's state folder (CONDOR_SIM_STATE).
    public var stateFolder: String { folder + "/condor-sim" }
    /// The environment of commands run in the sandbox.
    public var environment: [String: String]

    /// - Parameter settings: CONDOR_SIM_* variables (or others) for every command of the sandbox.
    public init(_ name: String = "condor-sim", settings: [String: String] = [:]) throws {
        folder = TestPaths.scratchFolder(name)
        environment = [
            "PATH": folder + "/bin:/usr/local/bin:/usr/bin:/bin", "HOME": folder + "/home",
            "CONDOR_SIM_STATE": folder + "/condor-sim",
        ].merging(settings) { $1 }
        try FileManager.default.createDirectory(atPath: folder + "/home", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: bin + "/condor_submit", withDestinationPath: TestPaths.binary)
    }

    /// Runs `condor_submit FILE` in `directory`, as `run` and check-jobs do.
    public func submit(_ file: String, in directory: String, environment extra: [String: String] = [:]) throws
        -> CommandResult
    {
        try CommandResult.run(
            bin + "/condor_submit", [file], in: directory, environment: environment.merging(extra) { $1 })
    }

    /// Waits until every job has left the simulator's queue (at most `timeout` seconds).
    @discardableResult
    public func wait(timeout: Double = 120) throws -> CommandResult {
        try CommandResult.pocketCoffea(["condor-sim", "wait", "--timeout", String(timeout)], environment: environment)
    }
}
