// Where ROOT file bytes come from: a local file, an XRootD server or an HTTP server, behind one protocol.

/// A contiguous byte range of a file.
public struct ByteRange: Sendable, Hashable {
    /// The offset of the first byte.
    public var offset: Int64
    /// The number of bytes.
    public var count: Int

    public init(offset: Int64, count: Int) {
        self.offset = offset
        self.count = count
    }

    /// One past the last byte.
    public var end: Int64 { offset + Int64(count) }
}

/// Random access to the bytes of one file. A source is used by one reader at a time; it is not shared
/// between threads.
public protocol ByteSource: AnyObject {
    /// The file's address as the user wrote it (a path, `root://…` or `http(s)://…`), for messages.
    var url: String { get }
    /// The file's size in bytes.
    func size() throws(ByteSourceError) -> Int64
    /// Whether a request costs a round trip to a server: a reader then asks for a chunk's baskets in one
    /// vectored request rather than a few at a time.
    var isRemote: Bool { get }
    /// Exactly `range.count` bytes at `range.offset`; a short read is an error.
    func read(_ range: ByteRange) throws(ByteSourceError) -> [UInt8]
    /// Several ranges in one request where the protocol allows it; results in the order asked.
    func read(_ ranges: [ByteRange]) throws(ByteSourceError) -> [[UInt8]]
}

extension ByteSource {
    public func read(_ ranges: [ByteRange]) throws(ByteSourceError) -> [[UInt8]] {
        var chunks: [[UInt8]] = []
        chunks.reserveCapacity(ranges.count)
        for range in ranges { chunks.append(try read(range)) }
        return chunks
    }
}

/// Why bytes could not be had: the address and a message in the form users know from xrdcp and uproot
/// (`[ERROR] Server responded with an error: [3011] Unable to open …`), so logs can be searched for it.
public struct ByteSourceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in broad strokes.
    public enum Kind: Sendable, Equatable {
        case notFound, permissionDenied, connection, timeout, shortRead, io, unsupportedScheme
    }

    public var kind: Kind
    /// The file's address.
    public var url: String
    /// The server's or the system's message.
    public var message: String

    public init(_ kind: Kind, url: String, message: String) {
        self.kind = kind
        self.url = url
        self.message = message
    }

    public var description: String { "\(message) in file \(url)" }
}
