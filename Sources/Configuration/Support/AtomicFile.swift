// Configuration layer: the one way this project writes a file that someone else reads. The bytes go to
// a temporary file in the same folder, are flushed, and the temporary file is renamed over the target,
// so a reader sees the old file or the new one and never half of one, even if the writer is killed.

import Foundation

/// Atomic file writes: temporary file, fsync, rename.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically, creating missing parent folders.
    ///
    /// - Parameter permissions: the file mode, such as `0o600` for credentials.
    /// - Throws: ``ConfigurationError`` `.unreadableFile` naming the path and the system's reason.
    public static func write(_ bytes: some Collection<UInt8>, to path: String, permissions: mode_t = 0o644)
        throws(ConfigurationError)
    {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw failure(path, "cannot create its folder: \(error.localizedDescription)")
            }
        }
        let name = (path as NSString).lastPathComponent
        let temporary =
            (folder.isEmpty ? "." : folder) + "/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard descriptor >= 0 else { throw failure(path, systemReason()) }
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }
        let written = Array(bytes).withUnsafeBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            var offset = 0
            while offset < buffer.count {
                let count = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
        let synced = written && fchmod(descriptor, permissions) == 0 && fsync(descriptor) == 0
        let reason = systemReason()
        close(descriptor)
        guard synced else { throw failure(path, reason) }
        guard rename(temporary, path) == 0 else { throw failure(path, systemReason()) }
        succeeded = true
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String, permissions: mode_t = 0o644) throws(ConfigurationError) {
        try write(Array(text.utf8), to: path, permissions: permissions)
    }

    private static func systemReason() -> String { String(cString: strerror(errno)) }

    private static func failure(_ path: String, _ reason: String) -> ConfigurationError {
        ConfigurationError(.unreadableFile, file: path, "cannot write the file: \(reason)")
    }
}
