// Test support: runs a program with an argument vector and captures what it printed. The child is
// started with posix_spawn and reaped with a blocking wait4, and its output goes to files: no
// reliance on SIGCHLD delivery or on pipes reaching end-of-file, so a daemon the child leaves behind
// (a test server) or another library's signal handling can never hang a test.

import CSpawn
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a finished process printed and returned.
public struct CommandResult: Sendable {
    /// The exit status (128 + signal when killed by a signal).
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
        let scratch = NSTemporaryDirectory() + "pocket-coffea-command-\(UUID().uuidString)"
        let (outPath, errPath) = (scratch + ".out", scratch + ".err")
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        _ = pocket_coffea_spawn_addclosefrom(&actions, 3)
        if let directory { _ = pocket_coffea_spawn_addchdir(&actions, directory) }
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw CocoaError(
                .fileNoSuchFile,
                userInfo: [
                    NSLocalizedDescriptionKey: "cannot start \(executable): \(String(cString: strerror(spawned)))"
                ])
        }
        var status: Int32 = 0
        while wait4(pid, &status, 0, nil) < 0 {
            guard errno == EINTR else {
                throw CocoaError(
                    .fileReadUnknown,
                    userInfo: [
                        NSLocalizedDescriptionKey: "waiting for \(executable): \(String(cString: strerror(errno)))"
                    ])
            }
        }
        let signal = status & 0x7f
        let exit = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        return CommandResult(
            status: exit,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// Runs the built `pocket-coffea` binary.
    public static func pocketCoffea(
        _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]
    ) throws -> CommandResult {
        try run(TestPaths.binary, arguments, in: directory, environment: environment)
    }
}
