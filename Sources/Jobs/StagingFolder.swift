// Jobs layer: a jobs folder is built in a hidden sibling folder and renamed into place at the end, so a
// failed or killed compilation leaves nothing half-written under the real name.
//
// What "nothing half-written" needs, and what it costs:
// - A killed process (Ctrl-C, SIGKILL, a full disk, an exception): everything written so far is in the
//   page cache and stays there; the only question is whether the folder appears under its real name,
//   and rename(2) of the staging folder answers it atomically. No flush is needed for this case, and
//   files inside the staging folder need no atomic writes of their own: plain open/write/close.
// - A machine crash or power loss: the kernel may write the rename's directory entry to disk before
//   the data of the files (ext4 delays allocation, and does not order a directory rename after the
//   data of new files in it), which would leave a complete-looking jobs folder of empty files. So the
//   staging folder's contents are made durable *before* the rename, in one step: syncfs(2) on its
//   file system (one call, one journal commit) instead of 15,000 per-file fsync+rename pairs. After the
//   rename the parent folder is fsynced, so the folder that was announced, and is about to be
//   submitted, survives a crash too.
// The cost of syncfs is writing back whatever is dirty on that file system, which on a busy shared
// host may include other processes' data; the kernel would write that within ~30 s anyway. On file
// systems that store data on close (AFS) it is nearly free. Without syncfs (not Linux), every file is
// fsynced instead.
//
// Files are created with O_EXCL (a fresh folder: writing a name twice is a bug, not an update) and
// with the requested mode filtered by the umask, as open(2), cp and the Python reference do.
// A killed run leaves its hidden `.NAME.staging-*` folder behind; it is never taken for a jobs folder.

import Configuration
import Foundation

/// A folder being built, renamed into place by ``commit()``. Files may be written into it from several
/// threads at once.
final class StagingFolder: Sendable {
    /// The temporary folder files are written into.
    let path: String
    /// Where the folder goes when it is complete.
    let destination: String
    /// The staging folder, open (for openat(2) and the flush) until this object goes away.
    private let descriptor: Int32

    /// Creates a new, uniquely named staging folder next to `destination`.
    init(destination: String) throws(JobsError) {
        self.destination = destination
        let parent = (destination as NSString).deletingLastPathComponent
        let name = (destination as NSString).lastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw JobsError("cannot create \(parent): \(error.localizedDescription)")
        }
        // pid and a random part: two hosts sharing a file system (AFS) can run the same pid.
        var candidate: String
        var created: Int32
        repeat {
            candidate = parent + "/.\(name).staging-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
            created = mkdir(candidate, 0o777)
        } while created != 0 && errno == EEXIST
        guard created == 0 else { throw JobsError("cannot create \(candidate): \(String(cString: strerror(errno)))") }
        path = candidate
        descriptor = open(candidate, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            rmdir(candidate)
            throw JobsError("cannot open \(candidate): \(reason)")
        }
    }

    deinit {
        close(descriptor)
    }

    /// A file of the staging folder open for writing, written in pieces and then closed.
    final class OutputFile {
        /// The file's path, for messages.
        let path: String
        fileprivate var descriptor: Int32

        fileprivate init(path: String, descriptor: Int32) {
            self.path = path
            self.descriptor = descriptor
        }

        /// Appends `bytes` to the file.
        func write(_ bytes: UnsafeRawBufferPointer) throws(JobsError) {
            var offset = 0
            while offset < bytes.count {
                let count = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw JobsError("cannot write \(path): \(String(cString: strerror(errno)))")
                }
                offset += count
            }
        }

        /// Appends `bytes` to the file.
        func write(_ bytes: [UInt8]) throws(JobsError) {
            let result = bytes.withUnsafeBytes { buffer in Result { () throws(JobsError) in try write(buffer) } }
            try result.get()
        }

        /// Closes the file; a failure here can be a deferred write error (NFS, quota), so it is reported.
        func close() throws(JobsError) {
            let closing = descriptor
            descriptor = -1
            guard Foundation.close(closing) == 0 || errno == EINTR else {
                throw JobsError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
        }

        deinit {
            if descriptor >= 0 { Foundation.close(descriptor) }
        }
    }

    /// Creates `relative` inside the staging folder for writing.
    func create(_ relative: String, permissions: mode_t = 0o644) throws(JobsError) -> OutputFile {
        let file = openat(descriptor, relative, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard file >= 0 else {
            throw JobsError("cannot write \(path)/\(relative): \(String(cString: strerror(errno)))")
        }
        return OutputFile(path: path + "/" + relative, descriptor: file)
    }

    /// Writes `bytes` to `relative` inside the staging folder.
    func write(_ bytes: [UInt8], to relative: String, permissions: mode_t = 0o644) throws(JobsError) {
        let file = try create(relative, permissions: permissions)
        if !bytes.isEmpty { try file.write(bytes) }
        try file.close()
    }

    /// Creates the empty file `relative` inside the staging folder: one mknod(2), no descriptor to open
    /// and close (a tenth cheaper than open/close for 5,000 flag files); open/close where the file
    /// system does not create regular files with mknod.
    func createEmpty(_ relative: String, permissions: mode_t = 0o644) throws(JobsError) {
        if mknodat(descriptor, relative, S_IFREG | permissions, 0) == 0 { return }
        guard errno == EPERM || errno == EOPNOTSUPP || errno == EINVAL || errno == ENOSYS else {
            throw JobsError("cannot write \(path)/\(relative): \(String(cString: strerror(errno)))")
        }
        try create(relative, permissions: permissions).close()
    }

    /// Writes `text` to `relative` inside the staging folder.
    func write(_ text: String, to relative: String, permissions: mode_t = 0o644) throws(JobsError) {
        try write(Array(text.utf8), to: relative, permissions: permissions)
    }

    /// Creates the folder `relative` inside the staging folder.
    func makeFolder(_ relative: String) throws(JobsError) {
        guard mkdirat(descriptor, relative, 0o777) == 0 else {
            throw JobsError("cannot create \(path)/\(relative): \(String(cString: strerror(errno)))")
        }
    }

    /// Copies the file at `source` to `relative`, keeping its permissions (filtered by the umask, as cp).
    func copy(_ source: String, to relative: String) throws(JobsError) {
        func failure(_ reason: Int32) -> JobsError {
            JobsError("cannot copy \(source) into the jobs folder: \(String(cString: strerror(reason)))")
        }
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw failure(errno) }
        defer { close(input) }
        var info = stat()
        guard fstat(input, &info) == 0 else { throw failure(errno) }
        let output = try create(relative, permissions: info.st_mode & 0o777)
        var remaining = Int(info.st_size)
        #if os(Linux)
            // In-kernel copy with no buffer in between; read/write takes over where sendfile cannot.
            while remaining > 0 {
                let sent = sendfile(output.descriptor, input, nil, remaining)
                if sent > 0 {
                    remaining -= sent
                } else if sent == 0 || errno != EINTR {
                    break
                }
            }
        #endif
        if remaining > 0 {
            guard lseek(input, off_t(Int(info.st_size) - remaining), SEEK_SET) >= 0 else { throw failure(errno) }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
            defer { buffer.deallocate() }
            while true {
                let count = read(input, buffer.baseAddress, buffer.count)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw failure(errno)
                }
                if count == 0 { break }
                try output.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            }
        }
        try output.close()
    }

    /// Makes everything written durable, then renames the staging folder to its destination (failing if
    /// the destination appeared meanwhile) and makes the rename durable.
    func commit() throws(JobsError) {
        if let reason = FileSystemSync.flushFileSystem(holding: descriptor, folder: path) {
            discard()
            throw JobsError("cannot flush the jobs folder to disk in \(path): \(reason)")
        }
        guard rename(path, destination) == 0 else {
            let reason = String(cString: strerror(errno))
            discard()
            throw JobsError("cannot move the jobs folder into place at \(destination): \(reason)")
        }
        // The rename is atomic either way; this only keeps a crash right after it from undoing it.
        let parent = open((destination as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if parent >= 0 {
            fsync(parent)
            close(parent)
        }
    }

    /// Removes the staging folder.
    func discard() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
