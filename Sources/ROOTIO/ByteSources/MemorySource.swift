// ROOTIO byte sources: a file already in memory (a prefetched file, or bytes a test builds or mutates).

/// Bytes held in memory, read like a file.
public final class MemorySource: ByteSource {
    public let url: String
    private let bytes: [UInt8]

    public init(_ bytes: [UInt8], url: String = "memory") {
        self.bytes = bytes
        self.url = url
    }

    public var isRemote: Bool { false }

    public func size() throws(ByteSourceError) -> Int64 { Int64(bytes.count) }

    public func read(_ range: ByteRange) throws(ByteSourceError) -> [UInt8] {
        guard range.offset >= 0, range.count >= 0, range.offset <= Int64(bytes.count) - Int64(range.count) else {
            throw ByteSourceError(
                .shortRead, url: url,
                message: "read of \(range.count) bytes at \(range.offset) past the end (\(bytes.count))")
        }
        let start = Int(range.offset)
        return Array(bytes[start..<start + range.count])
    }
}
