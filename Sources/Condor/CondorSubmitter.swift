// Condor layer: runs `condor_submit` with an argument vector (never a shell) and parses its answer.
// A failure carries the argv, the exit status and both outputs, so the user sees condor_submit's own
// message.

import Foundation

/// What condor_submit reported for a successful submission.
public struct SubmitReceipt: Sendable, Equatable {
    /// How many jobs were queued.
    public var jobCount: Int
    /// The cluster they were queued in.
    public var cluster: Int

    public init(jobCount: Int, cluster: Int) {
        self.jobCount = jobCount
        self.cluster = cluster
    }
}

/// A condor_submit run that failed or printed something unexpected.
public struct CondorSubmitError: Error, Sendable, CustomStringConvertible {
    /// The command that ran.
    public var arguments: [String]
    /// Its exit status (`nil` when it could not be started).
    public var status: Int32?
    /// What it printed on stdout.
    public var stdout: String
    /// What it printed on stderr, or why it could not start.
    public var stderr: String

    public var description: String {
        let command = arguments.joined(separator: " ")
        let said = [stderr, stdout].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            .joined(separator: " | ").replacingOccurrences(of: "\n", with: " ⏎ ")
        guard let status else { return "could not run '\(command)': \(stderr)" }
        return "'\(command)' failed (exit status \(status))" + (said.isEmpty ? "" : ": \(said)")
    }
}

/// Submits submit files with `condor_submit`.
public struct CondorSubmitter: Sendable {
    /// The condor_submit program: a name looked up on PATH, or a path.
    public var program: String

    public init(program: String = "condor_submit") {
        self.program = program
    }

    /// Runs `condor_submit FILE` in `directory`.
    ///
    /// - Throws: ``CondorSubmitError`` when it cannot start, exits non-zero, or reports no cluster.
    public func submit(file: String, in directory: String) throws(CondorSubmitError) -> SubmitReceipt {
        let arguments = [program, file]
        guard let executable = Self.locate(program) else {
            throw CondorSubmitError(
                arguments: arguments, status: nil, stdout: "",
                stderr: "\(program) was not found on PATH (is HTCondor installed on this machine?)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [file]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CondorSubmitError(arguments: arguments, status: nil, stdout: "", stderr: "\(error)")
        }
        let outText = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let failure = CondorSubmitError(
            arguments: arguments, status: process.terminationStatus, stdout: outText, stderr: errText)
        guard process.terminationStatus == 0, let receipt = Self.parseReceipt(outText) else { throw failure }
        return receipt
    }

    /// Reads `N job(s) submitted to cluster C.` from condor_submit's output.
    public static func parseReceipt(_ output: String) -> SubmitReceipt? {
        for line in output.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard words.count >= 6, words[1] == "job(s)", words[2] == "submitted", words[3] == "to",
                words[4] == "cluster",
                let count = Int(words[0]),
                let cluster = Int(words[5].trimmingCharacters(in: CharacterSet(charactersIn: ".")))
            else { continue }
            return SubmitReceipt(jobCount: count, cluster: cluster)
        }
        return nil
    }

    /// The absolute path of `program`: itself when it contains a `/`, else the first match on PATH.
    static func locate(_ program: String) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(program)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}
