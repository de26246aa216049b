// Compression layer: the header ROOT writes before each compressed block of a key or basket payload
// (docs/specs/root_format.md §10; ROOT core/zip/src/RZip.cxx, core/lz4/src/ZipLZ4.cxx).

/// The header in front of one block of a compressed ROOT payload.
///
/// ```
/// offset  size  field
///      0     2  algorithm tag: "ZL" "XZ" "L4" "ZS" "CS"
///      2     1  method byte (ZL/CS 8, XZ 0, L4/ZS 1)
///      3     3  compressed size c, LITTLE-endian, not counting these 9 bytes
///      6     3  uncompressed size u, LITTLE-endian
///      9     8  L4 only: XXH64 (seed 0) of the LZ4 data, big-endian; counted in c
/// ```
///
/// A block therefore spans `9 + c` bytes; its compressed data starts after ``encodedSize`` bytes.
public struct CompressionBlockHeader: Sendable, Equatable {
    /// The size of the fixed part of the header.
    public static let size = 9
    /// The largest uncompressed size one block can hold (ROOT's `kMAXZIPBUF`, 0xFFFFFF).
    public static let maxUncompressedSize = 0xFF_FFFF

    /// The algorithm named by the tag.
    public var algorithm: CompressionAlgorithm
    /// The method byte.
    public var method: UInt8
    /// The compressed size `c`: the bytes after the fixed 9-byte header, LZ4 checksum included.
    public var compressedSize: Int
    /// The number of bytes the block decompresses to.
    public var uncompressedSize: Int
    /// The XXH64 of the LZ4 data, for ``CompressionAlgorithm/lz4`` blocks; `nil` for the others.
    public var checksum: UInt64?

    /// A header with the method byte ROOT writes for `algorithm`.
    public init(algorithm: CompressionAlgorithm, compressedSize: Int, uncompressedSize: Int, checksum: UInt64? = nil) {
        self.algorithm = algorithm
        self.method = algorithm.method
        self.compressedSize = compressedSize
        self.uncompressedSize = uncompressedSize
        self.checksum = checksum
    }

    /// Reads the header at `offset` of `payload`.
    ///
    /// It checks the tag and the method byte, and that the whole header (17 bytes for LZ4) is present;
    /// it does not check that the block's data fits in `payload`.
    /// - Throws: ``CompressionError/truncatedHeader(offset:available:)``,
    ///   ``CompressionError/unknownAlgorithm(tag:offset:)`` or
    ///   ``CompressionError/unsupportedMethod(algorithm:method:offset:)``.
    public init(parsing payload: UnsafeRawBufferPointer, at offset: Int) throws(CompressionError) {
        let available = max(0, payload.count - max(0, offset))
        guard offset >= 0, available >= Self.size else {
            throw .truncatedHeader(offset: offset, available: available)
        }
        let first = payload[offset]
        let second = payload[offset + 1]
        guard let algorithm = CompressionAlgorithm(tag: first, second) else {
            throw .unknownAlgorithm(tag: UInt16(first) << 8 | UInt16(second), offset: offset)
        }
        let method = payload[offset + 2]
        guard method == algorithm.method else {
            throw .unsupportedMethod(algorithm: algorithm, method: method, offset: offset)
        }
        self.algorithm = algorithm
        self.method = method
        self.compressedSize = Self.readSize(payload, at: offset + 3)
        self.uncompressedSize = Self.readSize(payload, at: offset + 6)
        if algorithm == .lz4 {
            let end = min(available, Self.size + compressedSize)
            guard end >= Self.size + algorithm.checksumSize else {
                throw .truncatedHeader(offset: offset, available: end)
            }
            checksum = UInt64(bigEndian: payload.loadUnaligned(fromByteOffset: offset + Self.size, as: UInt64.self))
        } else {
            checksum = nil
        }
    }

    /// The header's length on disk: 9 bytes, or 17 for LZ4.
    public var encodedSize: Int { Self.size + algorithm.checksumSize }

    /// The header's bytes, as ROOT writes them.
    public var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: encodedSize) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            store(to: UnsafeMutableRawPointer(base))
            initialized = encodedSize
        }
    }

    /// Writes the ``encodedSize`` header bytes at `destination`.
    func store(to destination: UnsafeMutableRawPointer) {
        let (first, second) = algorithm.tag
        destination.storeBytes(of: first, toByteOffset: 0, as: UInt8.self)
        destination.storeBytes(of: second, toByteOffset: 1, as: UInt8.self)
        destination.storeBytes(of: method, toByteOffset: 2, as: UInt8.self)
        for shift in 0..<3 {
            destination.storeBytes(
                of: UInt8(truncatingIfNeeded: compressedSize >> (8 * shift)), toByteOffset: 3 + shift, as: UInt8.self)
            destination.storeBytes(
                of: UInt8(truncatingIfNeeded: uncompressedSize >> (8 * shift)), toByteOffset: 6 + shift, as: UInt8.self)
        }
        if algorithm == .lz4 {
            destination.storeBytes(of: (checksum ?? 0).bigEndian, toByteOffset: Self.size, as: UInt64.self)
        }
    }

    private static func readSize(_ payload: UnsafeRawBufferPointer, at offset: Int) -> Int {
        Int(payload[offset]) | Int(payload[offset + 1]) << 8 | Int(payload[offset + 2]) << 16
    }
}
