// ROOTIO byte sources: a file on an XRootD server (root://), read through the XrdCl client (CXRootD shim).

import CXRootD

/// A file on an XRootD server, opened once and closed when the source goes away.
///
/// Vectored reads are kXR_readv requests.
///
/// Errors carry XRootD's own text, as xrdcp prints it:
/// `[ERROR] Server responded with an error: [3011] Unable to open /store/x.root; no such file or directory`,
/// `[FATAL] Connection error`.
public final class XRootDSource: ByteSource {
    public let url: String
    private let file: OpaquePointer
    private let timeout: UInt16
    private var cachedSize: Int64?

    /// Opens `url` (`root://host:port//path`) for reading.
    ///
    /// The connection settings of `options` apply to the whole process (the XRootD client keeps them in one
    /// environment); `XRD_CONNECTIONRETRY`, `XRD_CONNECTIONWINDOW` and `XRD_REQUESTTIMEOUT` in the process
    /// environment take precedence over them.
    ///
    /// - Throws: `.notFound` ([3011]), `.permissionDenied` ([3010]), `.connection`, `.timeout` or `.io` (also
    ///   when the XRootD client library cannot be loaded: it is loaded on the first root:// file).
    public init(url: String, options: ByteSourceOptions = ByteSourceOptions()) throws(ByteSourceError) {
        self.url = url
        timeout = UInt16(clamping: max(1, options.requestTimeout))
        if let problem = cxrootd_load() { throw ByteSourceError(.io, url: url, message: String(cString: problem)) }
        _ = cxrootd_set_setting("ConnectionRetry", Int32(clamping: max(1, options.connectionAttempts)))
        _ = cxrootd_set_setting("ConnectionWindow", Int32(clamping: max(1, options.connectTimeout)))
        var error = cxrootd_error()
        guard let file = cxrootd_open(url, timeout, &error) else { throw Self.error(error, url: url) }
        self.file = file
    }

    deinit { cxrootd_close(file) }

    public var isRemote: Bool { true }

    public func size() throws(ByteSourceError) -> Int64 {
        if let cachedSize { return cachedSize }
        var size: UInt64 = 0
        var error = cxrootd_error()
        guard cxrootd_size(file, &size, timeout, &error) == 0 else { throw Self.error(error, url: url) }
        cachedSize = Int64(size)
        return Int64(size)
    }

    public func read(_ range: ByteRange) throws(ByteSourceError) -> [UInt8] {
        guard range.count > 0 else { return [] }
        var error = cxrootd_error()
        var got: UInt64 = 0
        var status: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            status = cxrootd_read(
                file, UInt64(range.offset), UInt64(range.count), buffer.baseAddress, &got, timeout, &error)
            initialized = status == 0 ? Int(got) : 0
        }
        guard status == 0 else { throw Self.error(error, url: url) }
        guard bytes.count == range.count else { throw shortRead(range, got: bytes.count) }
        return bytes
    }

    public func read(_ ranges: [ByteRange]) throws(ByteSourceError) -> [[UInt8]] {
        let fileSize = try size()
        if let beyond = ranges.first(where: { $0.end > fileSize }) {
            throw shortRead(beyond, got: Int(max(0, fileSize - beyond.offset)))
        }
        let total = ranges.reduce(0) { $0 + $1.count }
        var error = cxrootd_error()
        var status: Int32 = 0
        var whole = [UInt8](repeating: 0, count: total)
        whole.withUnsafeMutableBytes { buffer in
            var position = 0
            var chunks: [cxrootd_chunk] = []
            for range in ranges where range.count > 0 {
                for piece in Self.pieces(of: range) {
                    chunks.append(
                        cxrootd_chunk(
                            offset: UInt64(piece.offset), count: UInt32(piece.count),
                            buffer: buffer.baseAddress.map { $0 + position }))
                    position += piece.count
                }
            }
            status = cxrootd_vector_read(file, chunks, chunks.count, timeout, &error)
        }
        guard status == 0 else { throw Self.error(error, url: url) }
        var start = 0
        return ranges.map { range in
            defer { start += range.count }
            return Array(whole[start..<start + range.count])
        }
    }

    /// `range` cut into pieces that fit a chunk's 32-bit length.
    private static func pieces(of range: ByteRange) -> [ByteRange] {
        let limit = Int(UInt32.max / 2)
        return stride(from: 0, to: range.count, by: limit).map { start in
            ByteRange(offset: range.offset + Int64(start), count: min(limit, range.count - start))
        }
    }

    private func shortRead(_ range: ByteRange, got: Int) -> ByteSourceError {
        let size = (try? size()).map { "; the file has \($0) bytes" } ?? ""
        return ByteSourceError(
            .shortRead, url: url,
            message: "short read: asked for \(range.count) bytes at offset \(range.offset), got \(got)\(size)")
    }

    private static func error(_ error: cxrootd_error, url: String) -> ByteSourceError {
        let kind: ByteSourceError.Kind =
            switch error.kind {
            case CXROOTD_NOT_FOUND: .notFound
            case CXROOTD_PERMISSION_DENIED: .permissionDenied
            case CXROOTD_CONNECTION: .connection
            case CXROOTD_TIMEOUT: .timeout
            default: .io
            }
        let message = withUnsafeBytes(of: error.message) { bytes in
            String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return ByteSourceError(kind, url: url, message: message)
    }
}
