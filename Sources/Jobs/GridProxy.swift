// Jobs layer: the grid proxy shipped with each job. It is the `voms-proxy` run option, or the user's
// current proxy (X509_USER_PROXY, else `voms-proxy-info -path`), copied into $HOME with mode 0600 so
// that it survives /tmp clean-ups during a long campaign. An expired proxy stops compilation.

import Configuration
import Foundation

/// Finds, checks and copies the grid proxy.
public struct GridProxy: Sendable {
    /// The environment to read X509_USER_PROXY and HOME from.
    public var environment: [String: String]
    /// The voms-proxy-info program (name on PATH or path).
    public var infoProgram: String

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment, infoProgram: String = "voms-proxy-info"
    ) {
        self.environment = environment
        self.infoProgram = infoProgram
    }

    /// The proxy file jobs should use, or `nil` with `ignore-grid-certificate`.
    ///
    /// - Throws: ``JobsError`` when no proxy is found, it is unreadable, or it has expired.
    public func prepare(_ options: RunOptions) throws(JobsError) -> String? {
        if options.ignoreGridCertificate { return nil }
        let fix = "create one with 'voms-proxy-init -voms cms -rfc --valid 168:0', or set ignore-grid-certificate: true"
        if let explicit = options.vomsProxy {
            guard FileManager.default.isReadableFile(atPath: explicit) else {
                throw JobsError("the voms-proxy file \(explicit) cannot be read", fix: fix)
            }
            try checkValidity(explicit, fix: fix)
            return explicit
        }
        let found =
            environment["X509_USER_PROXY"] ?? runInfo(["-path"])?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let current = found, !current.isEmpty, FileManager.default.isReadableFile(atPath: current) else {
            throw JobsError("no grid proxy found (X509_USER_PROXY unset and voms-proxy-info gave no path)", fix: fix)
        }
        try checkValidity(current, fix: fix)
        guard let home = environment["HOME"] else { return current }
        let copy = home + "/" + (current as NSString).lastPathComponent
        guard copy != current else { return current }
        guard let bytes = FileManager.default.contents(atPath: current) else {
            throw JobsError("the grid proxy \(current) cannot be read", fix: fix)
        }
        do {
            try AtomicFile.write(Array(bytes), to: copy, permissions: 0o600)
        } catch {
            throw JobsError("cannot copy the grid proxy to \(copy): \(error)")
        }
        return copy
    }

    private func checkValidity(_ path: String, fix: String) throws(JobsError) {
        guard let answer = runInfo(["-file", path, "-timeleft"]),
            let seconds = Int(answer.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return }
        guard seconds > 0 else { throw JobsError("the grid proxy \(path) has expired", fix: fix) }
    }

    /// Runs voms-proxy-info with `arguments`; its stdout on success, `nil` when absent or failing.
    private func runInfo(_ arguments: [String]) -> String? {
        let searchPath = environment["PATH"] ?? "/usr/bin:/bin"
        let candidates =
            infoProgram.contains("/") ? [infoProgram] : searchPath.split(separator: ":").map { "\($0)/\(infoProgram)" }
        guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
