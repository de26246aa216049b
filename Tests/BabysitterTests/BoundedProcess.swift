// Babysitter tests: a child process that cannot outlive its test — output to files (no pipes a stray
// grandchild could hold open), every wait bounded, a kill on timeout.

import Foundation
import TestSupport

/// A running `pocket-coffea` with its output in files.
final class BoundedProcess {
    let process = Process()
    let stdoutPath: String

    /// Starts `executable` (the built binary by default) with `arguments` and `environment` added to the
    /// inherited one, in `directory`.
    init(
        _ arguments: [String], executable: String = TestPaths.binary, in directory: String? = nil,
        environment: [String: String], outputIn folder: String
    ) throws {
        stdoutPath = folder + "/stdout-\(UUID().uuidString.prefix(6)).txt"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        process.standardError = FileHandle(forWritingAtPath: stdoutPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Waits at most `timeout` seconds; kills the process if it is still running then.
    ///
    /// - Returns: whether it ended by itself.
    @discardableResult
    func wait(timeout: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        guard process.isRunning else { return true }
        kill(process.processIdentifier, SIGKILL)
        while process.isRunning { Thread.sleep(forTimeInterval: 0.02) }
        return false
    }

    /// Sends `signal` and waits (bounded) for the end.
    func stop(_ signal: Int32) {
        kill(process.processIdentifier, signal)
        wait(timeout: 10)
    }

    /// What it printed.
    var output: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
}
