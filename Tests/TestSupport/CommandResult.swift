// Test support: runs a program with an argument vector and captures what it printed.

import Foundation

/// What a finished process printed and returned.
public struct CommandResult: Sendable {
    /// The exit status.
    public var status: Int32
    /// Everything written to stdout.
    public var stdout: String
    /// Everything written to stderr.
    public var stderr: String

    /// Runs `executable` with `arguments` (no shell) in `directory`, and waits for it.
    ///
    /// - Parameter environment: variables to set or replace in the inherited environment.
    public static func run(
        _ executable: String, _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs the built `pocket-coffea` binary.
    public static func pocketCoffea(
        _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]
    ) throws -> CommandResult {
        try run(TestPaths.binary, arguments, in: directory, environment: environment)
    }
}
