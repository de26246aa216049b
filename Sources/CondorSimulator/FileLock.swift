// Condor simulator: advisory locks (flock) on files of the state folder, so that condor_submit
// processes and the schedd never interleave their updates.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on a file, held until ``unlock()`` or deinitialisation.
final class FileLock {
    private var descriptor: Int32

    /// Takes the lock on `path` (created if missing); `nil` when `wait` is false and someone holds it.
    init?(_ path: String, wait: Bool = true) throws(SimulatorError) {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SimulatorError("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        while flock(descriptor, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            if errno == EINTR { continue }
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK { return nil }
            throw SimulatorError("cannot lock \(path): \(String(cString: strerror(code)))")
        }
    }

    /// Runs `body` holding the lock on `path`.
    static func holding<T>(_ path: String, _ body: () throws(SimulatorError) -> T) throws(SimulatorError) -> T {
        guard let lock = try FileLock(path) else { throw SimulatorError("cannot lock \(path)") }
        defer { lock.unlock() }
        return try body()
    }

    /// Whether someone holds the lock on `path` right now.
    static func isHeld(_ path: String) throws(SimulatorError) -> Bool {
        guard let probe = try FileLock(path, wait: false) else { return true }
        probe.unlock()
        return false
    }

    func unlock() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }

    deinit {
        unlock()
    }
}
