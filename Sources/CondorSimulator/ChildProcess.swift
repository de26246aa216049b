// Condor simulator: starts processes with posix_spawn from an argument vector (never a shell), in a
// process group of their own so that a job and everything it started can be signalled together,
// with stdin/stdout/stderr on files and no other inherited descriptor. wait4 gives the CPU time
// HTCondor reports in the termination event.

import CSpawn
import Condor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A started child process.
struct ChildProcess {
    /// Its process id, also its process group id.
    let pid: pid_t

    /// How a child ended and what it used.
    struct Exit {
        var termination: UserLogEvent.Termination
        var cpu: UserLogEvent.CPUTime
        /// Peak resident memory in KiB.
        var maximumResidentKB: Int
    }

    /// Why a child could not start.
    struct SpawnError: Error {
        /// The system error number.
        var code: Int32
        var message: String
    }

    /// Starts `arguments[0]` (an absolute path) with `arguments` as its argv.
    ///
    /// - Parameters:
    ///   - directory: the folder it starts in.
    ///   - input: the file on descriptor 0.
    ///   - output: the file on descriptor 1, truncated.
    ///   - error: the file on descriptor 2, truncated; `nil` to share `output`.
    /// - Throws: ``SpawnError`` naming the program when it cannot be started.
    static func spawn(
        _ arguments: [String], environment: [String: String], directory: String, input: String = "/dev/null",
        output: String, error: String?
    ) throws(SpawnError) -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let error {
            posix_spawn_file_actions_addopen(&actions, 2, error, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        _ = pocket_coffea_spawn_addclosefrom(&actions, 3)
        let chdir = pocket_coffea_spawn_addchdir(&actions, directory)
        guard chdir == 0 else {
            throw SpawnError(
                code: chdir,
                message: "cannot start \(arguments[0]) in \(directory): \(String(cString: strerror(chdir)))")
        }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP] { sigaddset(&defaults, signal) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw SpawnError(
                code: status, message: "cannot start \(arguments[0]): \(String(cString: strerror(status)))")
        }
        return ChildProcess(pid: pid)
    }

    /// How the child ended, or `nil` while it runs.
    func poll() -> Exit? {
        var status: Int32 = 0
        var usage = rusage()
        var reaped: pid_t
        repeat { reaped = wait4(pid, &status, WNOHANG, &usage) } while reaped < 0 && errno == EINTR
        guard reaped == pid else { return nil }
        let signal = status & 0x7f
        let termination: UserLogEvent.Termination =
            signal == 0 ? .exited(returnValue: Int((status >> 8) & 0xff)) : .killed(signal: Int(signal), coreFile: nil)
        return Exit(
            termination: termination,
            cpu: UserLogEvent.CPUTime(user: Int(usage.ru_utime.tv_sec), system: Int(usage.ru_stime.tv_sec)),
            maximumResidentKB: Int(usage.ru_maxrss))
    }

    /// Sends `signal` to the child's whole process group.
    func signalGroup(_ signal: Int32) {
        kill(-pid, signal)
    }
}
