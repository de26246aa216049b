// Analysis layer: copies a finished local file to a root:// destination with `xrdcp` (an argument
// vector, never a shell). A failure reports the command, its exit status and what xrdcp said.

import Foundation

/// Copies files to XRootD storage (EOS) with xrdcp.
public struct XRootDCopy: Sendable {
    /// The xrdcp program: a name looked up on PATH, or a path.
    public var program: String

    public init(program: String = "xrdcp") {
        self.program = program
    }

    /// Runs `xrdcp --force --silent --path LOCAL REMOTE` (`--path` creates the remote folders).
    ///
    /// - Throws: ``SkimError`` `.copyFailed` with the command and xrdcp's message.
    public func copy(_ local: String, to remote: String) throws(SkimError) {
        let arguments = ["--force", "--silent", "--path", local, remote]
        let command = ([program] + arguments).joined(separator: " ")
        guard let executable = Self.locate(program) else {
            throw SkimError(
                .copyFailed, "cannot copy \(local) to \(remote): \(program) was not found on PATH (install xrootd-client)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw SkimError(.copyFailed, "could not run '\(command)': \(error)")
        }
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: " ⏎ ")
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SkimError(
                .copyFailed, "'\(command)' failed (exit status \(process.terminationStatus))\(said.isEmpty ? "" : ": \(said)")")
        }
    }

    /// The absolute path of `program`: itself when it contains a `/`, else the first match on PATH.
    private static func locate(_ program: String) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(program)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}
