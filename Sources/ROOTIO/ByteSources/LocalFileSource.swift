// ROOTIO byte sources: a file on a local disk, read with pread(2) through one descriptor.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A local file, opened once and closed when the source goes away.
public final class LocalFileSource: ByteSource {
    public let url: String
    /// The path opened (``url`` without a `file://` prefix).
    public let path: String
    private let descriptor: Int32

    /// Opens `url`, a path or a `file://` URL.
    ///
    /// - Throws: `.notFound`, `.permissionDenied` or `.io`, with a message like
    ///   `Unable to open /data/x.root; no such file or directory`.
    public init(url: String) throws(ByteSourceError) {
        self.url = url
        path = url.hasPrefix("file://") ? String(url.dropFirst("file://".count)) : url
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.error(errno, opening: path, url: url) }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            close(descriptor)
            throw Self.error(EISDIR, opening: path, url: url)
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    public var isRemote: Bool { false }

    public func size() throws(ByteSourceError) -> Int64 {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw ByteSourceError(.io, url: url, message: "Unable to stat \(path); \(Self.reason(errno))")
        }
        return Int64(status.st_size)
    }

    public func read(_ range: ByteRange) throws(ByteSourceError) -> [UInt8] {
        guard range.count > 0 else { return [] }
        var failure: Int32 = 0
        var done = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            while done < range.count {
                let got = pread(descriptor, base + done, range.count - done, off_t(range.offset) + off_t(done))
                if got > 0 {
                    done += got
                } else if got == 0 {
                    break
                } else if errno != EINTR {
                    failure = errno
                    break
                }
            }
            initialized = done
        }
        if failure != 0 {
            throw ByteSourceError(
                .io, url: url,
                message: "Unable to read \(range.count) bytes at offset \(range.offset) of \(path); "
                    + Self.reason(failure))
        }
        guard done == range.count else { throw shortRead(range, got: done) }
        return bytes
    }

    private func shortRead(_ range: ByteRange, got: Int) -> ByteSourceError {
        let size = (try? size()).map { "; the file has \($0) bytes" } ?? ""
        return ByteSourceError(
            .shortRead, url: url,
            message: "short read: asked for \(range.count) bytes at offset \(range.offset), got \(got)\(size)")
    }

    private static func error(_ code: Int32, opening path: String, url: String) -> ByteSourceError {
        let kind: ByteSourceError.Kind =
            switch code {
            case ENOENT, ENOTDIR: .notFound
            case EACCES, EPERM: .permissionDenied
            default: .io
            }
        return ByteSourceError(kind, url: url, message: "Unable to open \(path); \(reason(code))")
    }

    /// The system's text for `code` starting in lower case, as XRootD writes it: `no such file or directory`.
    static func reason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
