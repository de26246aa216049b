// Condor layer: follows many user logs across polls. For each file it remembers the identity of the
// file, how many bytes it has read and the parser state, so a poll costs one stat per unchanged log
// and reads only the bytes appended since the last one. A log that shrinks or is replaced (another
// inode) is read again from its start; a log that disappears is forgotten.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A user log that could not be read.
public struct UserLogReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The log file.
    public var path: String
    /// The system error number.
    public var code: Int32
    /// What was being done: `stat`, `open` or `read`.
    public var operation: String

    public var description: String {
        "cannot \(operation) the HTCondor user log \(path): \(String(cString: strerror(code))) (errno \(code))"
    }
}

/// What one poll over a set of logs found.
public struct UserLogPoll: Sendable {
    /// The new events of each log that had some, in file order.
    public var events: [String: [UserLogEvent]] = [:]
    /// The logs that could not be read.
    public var errors: [String: UserLogReadError] = [:]
    /// How many bytes were read.
    public var bytesRead = 0

    public init() {}
}

/// Reads appended user-log bytes, file by file, poll after poll.
public struct UserLogReader: Sendable {
    private struct Tail: Sendable {
        var device: UInt64
        var inode: UInt64
        var bytesRead: Int64 = 0
        var parser = UserLogParser()
    }

    private var tails: [String: Tail] = [:]
    private let chunkSize: Int

    /// A reader that reads at most `chunkSize` bytes per system call.
    public init(chunkSize: Int = 1 << 16) {
        self.chunkSize = max(1, chunkSize)
    }

    /// The files being followed.
    public var paths: [String] { Array(tails.keys) }

    /// What was skipped so far in `path`.
    public func garbage(in path: String) -> UserLogGarbage? { tails[path]?.parser.garbage }

    /// How many bytes of `path` have been read.
    public func bytesRead(in path: String) -> Int64? { tails[path]?.bytesRead }

    /// Stops following `path`; a later poll reads it from the start.
    public mutating func forget(_ path: String) {
        tails[path] = nil
    }

    /// Reads what was appended to each log since the last poll.
    public mutating func poll(_ paths: some Sequence<String>) -> UserLogPoll {
        var result = UserLogPoll()
        for path in paths {
            do {
                let (events, bytes) = try read(path)
                result.bytesRead += bytes
                if !events.isEmpty { result.events[path] = events }
            } catch {
                result.errors[path] = error
            }
        }
        return result
    }

    /// Reads what was appended to `path` since the last poll.
    ///
    /// - Returns: the events completed since then; none when the file does not exist (yet).
    /// - Throws: ``UserLogReadError`` when the file exists but cannot be read.
    public mutating func poll(_ path: String) throws(UserLogReadError) -> [UserLogEvent] {
        try read(path).events
    }

    /// Ends following `path`, returning an event that lacks only its closing `...` (see ``UserLogParser/finish()``).
    public mutating func finish(_ path: String) -> [UserLogEvent] {
        guard var tail = tails.removeValue(forKey: path) else { return [] }
        return tail.parser.finish()
    }

    // MARK: - Reading

    private mutating func read(_ path: String) throws(UserLogReadError) -> (events: [UserLogEvent], bytes: Int) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = errno
            tails[path] = nil
            if code == ENOENT || code == ENOTDIR { return ([], 0) }
            throw UserLogReadError(path: path, code: code, operation: "stat")
        }
        let device = UInt64(status.st_dev)
        let inode = UInt64(status.st_ino)
        var tail = tails[path] ?? Tail(device: device, inode: inode)
        if tail.device != device || tail.inode != inode || Int64(status.st_size) < tail.bytesRead {
            tail = Tail(device: device, inode: inode)
        }
        guard Int64(status.st_size) > tail.bytesRead else {
            tails[path] = tail
            return ([], 0)
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw UserLogReadError(path: path, code: errno, operation: "open") }
        defer { close(descriptor) }
        var events: [UserLogEvent] = []
        var total = 0
        var failure: Int32?
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: chunkSize) { buffer in
            while true {
                let count = pread(descriptor, buffer.baseAddress, buffer.count, off_t(tail.bytesRead))
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if count == 0 { return }
                events += tail.parser.consume(UnsafeBufferPointer(rebasing: buffer[..<count]))
                tail.bytesRead += Int64(count)
                total += count
            }
        }
        tails[path] = tail
        if let failure { throw UserLogReadError(path: path, code: failure, operation: "read") }
        return (events, total)
    }
}
