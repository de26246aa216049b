// Compression layer: the algorithms a ROOT compression block can name, with the 2-byte tag and the method
// byte ROOT writes for each (docs/specs/root_format.md §10).

/// A compression algorithm named by a ROOT block header.
public enum CompressionAlgorithm: String, Sendable, CaseIterable, CustomStringConvertible {
    /// A zlib stream (2-byte header, DEFLATE data, Adler-32 trailer); tag `ZL`.
    case zlib = "ZL"
    /// A complete .xz stream; tag `XZ`.
    case lzma = "XZ"
    /// A raw LZ4 block preceded by its big-endian XXH64 checksum; tag `L4`.
    case lz4 = "L4"
    /// One zstd frame; tag `ZS`.
    case zstd = "ZS"
    /// ROOT's old algorithm (kOldCompressionAlgo): raw DEFLATE data without zlib's header and trailer; tag `CS`.
    case oldDeflate = "CS"

    /// The algorithm whose 2-byte tag is `first`, `second`, or `nil`.
    public init?(tag first: UInt8, _ second: UInt8) {
        switch (first, second) {
        case (UInt8(ascii: "Z"), UInt8(ascii: "L")): self = .zlib
        case (UInt8(ascii: "X"), UInt8(ascii: "Z")): self = .lzma
        case (UInt8(ascii: "L"), UInt8(ascii: "4")): self = .lz4
        case (UInt8(ascii: "Z"), UInt8(ascii: "S")): self = .zstd
        case (UInt8(ascii: "C"), UInt8(ascii: "S")): self = .oldDeflate
        default: return nil
        }
    }

    /// The two tag bytes, as written at the start of a block.
    public var tag: (UInt8, UInt8) {
        switch self {
        case .zlib: (UInt8(ascii: "Z"), UInt8(ascii: "L"))
        case .lzma: (UInt8(ascii: "X"), UInt8(ascii: "Z"))
        case .lz4: (UInt8(ascii: "L"), UInt8(ascii: "4"))
        case .zstd: (UInt8(ascii: "Z"), UInt8(ascii: "S"))
        case .oldDeflate: (UInt8(ascii: "C"), UInt8(ascii: "S"))
        }
    }

    /// The method byte ROOT writes, and the only one this module decodes.
    ///
    /// ZL and CS carry zlib's `Z_DEFLATED` (8), XZ carries 0, and L4 and ZS carry the major version of the
    /// library (1). Recent ROOT also writes `L4` with method `B` (bit-shuffled LZ4), which is not supported.
    public var method: UInt8 {
        switch self {
        case .zlib, .oldDeflate: 8
        case .lzma: 0
        case .lz4, .zstd: 1
        }
    }

    /// The bytes between the 9-byte header and the compressed data: the 8-byte checksum for LZ4, else 0.
    public var checksumSize: Int { self == .lz4 ? 8 : 0 }

    public var description: String {
        switch self {
        case .zlib: "zlib (ZL)"
        case .lzma: "lzma (XZ)"
        case .lz4: "lz4 (L4)"
        case .zstd: "zstd (ZS)"
        case .oldDeflate: "old ROOT deflate (CS)"
        }
    }
}
