// Configuration layer: flushing a whole file system in one call. Writing thousands of files and
// fsyncing each one costs a disk round trip (and on ext4 a journal commit) per file; when the files
// only need to be durable together, before one atomic rename publishes them, one syncfs does it.

import CFileSystem
import Foundation

/// Durability for many files at once.
public enum FileSystemSync {
    /// Writes back everything written so far to the file system that holds the open `descriptor`
    /// (syncfs(2)) and waits for the disk. Elsewhere than Linux, fsyncs `descriptor` and each regular
    /// file directly inside it (when it is a folder).
    ///
    /// - Returns: `nil` on success, else the system's reason.
    public static func flushFileSystem(holding descriptor: Int32, folder: String) -> String? {
        if pocket_coffea_syncfs(descriptor) == 0 { return nil }
        guard errno == ENOSYS else { return String(cString: strerror(errno)) }
        return flushEachFile(in: folder, folderDescriptor: descriptor)
    }

    /// fsync of every regular file directly in `folder`, then of the folder itself.
    private static func flushEachFile(in folder: String, folderDescriptor: Int32) -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names {
            let descriptor = open(folder + "/" + name, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return String(cString: strerror(errno)) }
            defer { close(descriptor) }
            var info = stat()
            guard fstat(descriptor, &info) == 0 else { return String(cString: strerror(errno)) }
            if info.st_mode & S_IFMT == S_IFREG, fsync(descriptor) != 0 { return String(cString: strerror(errno)) }
        }
        return fsync(folderDescriptor) == 0 ? nil : String(cString: strerror(errno))
    }
}
