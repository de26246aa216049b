// Configuration layer: a file read at chosen offsets with pread(2), straight into arrays — the cheap
// checks of thousands of outputs before a merge read a few kilobytes at each end of every file, where
// FileHandle's seek, read and Data conversion cost more than the reads themselves.

import Foundation

/// An open file read by position; closed when the value is dropped.
public final class PositionedFile {
    private let descriptor: Int32
    /// The size when opened.
    public let size: Int

    /// Opens `path` for reading, or returns nil when it cannot be opened or is not a regular file.
    public init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// Up to `count` bytes at `offset`: fewer only at the end of the file; nil when reading fails.
    public func read(at offset: Int, count: Int) -> [UInt8]? {
        let wanted = max(0, min(count, size - offset))
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: wanted) { buffer, filled in
            filled = 0
            while filled < wanted {
                let got = pread(descriptor, buffer.baseAddress! + filled, wanted - filled, off_t(offset + filled))
                if got < 0, errno == EINTR { continue }
                if got <= 0 {
                    failed = got < 0
                    return
                }
                filled += got
            }
        }
        return failed ? nil : bytes
    }
}
