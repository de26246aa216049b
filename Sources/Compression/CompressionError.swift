// Compression layer: every way a ROOT compressed payload can fail to decode (or a buffer fail to encode).
// Offsets count bytes from the start of the payload handed to the decompressor; the ROOT reader adds the
// file, key and seek position around them.

/// A failure to decompress (or compress) a ROOT payload.
public enum CompressionError: Error, Equatable, Sendable {
    /// Fewer bytes than a block header needs (9, or 17 for LZ4) remain at `offset`.
    case truncatedHeader(offset: Int, available: Int)
    /// The two bytes at `offset` are not a known algorithm tag (`ZL` `XZ` `L4` `ZS` `CS`).
    case unknownAlgorithm(tag: UInt16, offset: Int)
    /// The method byte of the block at `offset` is not one this module decodes.
    case unsupportedMethod(algorithm: CompressionAlgorithm, method: UInt8, offset: Int)
    /// The block at `offset` declares more compressed bytes than the payload holds.
    case truncatedBlock(offset: Int, compressedSize: Int, available: Int)
    /// A block, or the payload as a whole, produces a different number of bytes than declared.
    ///
    /// For a block, `expected` is the uncompressed size in its header; for the payload, it is the size
    /// the caller asked for (fObjlen) and `actual` what the blocks add up to.
    case sizeMismatch(offset: Int, expected: Int, actual: Int)
    /// The XXH64 stored in the LZ4 block at `offset` differs from the hash of its data.
    case checksumMismatch(offset: Int, stored: UInt64, computed: UInt64)
    /// The library rejected the data of the block at `offset`; `code` and `message` are the library's.
    case corruptData(algorithm: CompressionAlgorithm, offset: Int, code: Int, message: String)
    /// The caller asked for a negative uncompressed size.
    case invalidUncompressedSize(Int)
    /// The library failed to compress a buffer for a reason other than running out of room.
    case compressionFailed(algorithm: CompressionAlgorithm, code: Int, message: String)
}

extension CompressionError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .truncatedHeader(let offset, let available):
            return "truncated compression block header at byte \(offset) of the payload: a header needs 9 bytes "
                + "(17 for LZ4) but only \(available) are there (the payload is shorter than its blocks declare, "
                + "or the file is truncated)"
        case .unknownAlgorithm(let tag, let offset):
            let text = String(decoding: [UInt8(tag >> 8), UInt8(tag & 0xFF)], as: UTF8.self)
            let hex = String(tag, radix: 16, uppercase: true)
            return "unknown compression algorithm \"\(text)\" (0x\(hex)) at byte \(offset) of the payload; "
                + "expected ZL, XZ, L4, ZS or CS (the payload is corrupt or not compressed)"
        case .unsupportedMethod(let algorithm, let method, let offset):
            return "unsupported method byte \(method) for \(algorithm) at byte \(offset) of the payload; "
                + "this reader decodes method \(algorithm.method) only"
        case .truncatedBlock(let offset, let compressedSize, let available):
            return "compression block at byte \(offset) declares \(compressedSize) compressed bytes, but only "
                + "\(available) remain in the payload (the file is truncated or the header is corrupt)"
        case .sizeMismatch(let offset, let expected, let actual):
            return "uncompressed size mismatch at byte \(offset) of the payload: expected \(expected) bytes, "
                + "got \(actual)"
        case .checksumMismatch(let offset, let stored, let computed):
            return "LZ4 checksum mismatch in the block at byte \(offset) of the payload: stored 0x"
                + String(stored, radix: 16) + ", computed 0x" + String(computed, radix: 16)
                + " (the data is corrupt)"
        case .corruptData(let algorithm, let offset, let code, let message):
            return "corrupt \(algorithm) data in the block at byte \(offset) of the payload: \(message) "
                + "(code \(code))"
        case .invalidUncompressedSize(let size):
            return "invalid uncompressed size \(size): it must be zero or more"
        case .compressionFailed(let algorithm, let code, let message):
            return "\(algorithm) compression failed: \(message) (code \(code))"
        }
    }
}
