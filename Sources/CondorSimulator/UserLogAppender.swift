// Condor simulator: appends events to a job's user log the way HTCondor does — whole events, each
// in one write, under an exclusive lock so that condor_submit and the schedd never interleave.

import Condor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

enum UserLogAppender {
    /// Appends `events` to the log at `path`, creating it.
    ///
    /// - Throws: ``SimulatorError`` naming the log.
    static func append(_ events: [UserLogEvent], to path: String) throws(SimulatorError) {
        let bytes = Array(events.map(\.logText).joined().utf8)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SimulatorError("cannot open the user log \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes {
                write(descriptor, $0.baseAddress?.advanced(by: written), bytes.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw SimulatorError("cannot write the user log \(path): \(String(cString: strerror(errno)))")
            }
            written += count
        }
    }
}
