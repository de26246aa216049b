// Compression layer: one decoder per block algorithm, each writing exactly the block's uncompressed size
// into its slice of the caller's buffer, and turning every library failure into a CompressionError.

import CDeflate
import CLZ4
import CLZMA
import CZlib
import CZstd

/// One block of a payload, located: its header, where it starts in the payload, its compressed data and
/// where its `header.uncompressedSize` bytes go.
struct Block {
    var header: CompressionBlockHeader
    var offset: Int
    var data: UnsafeRawPointer
    var dataCount: Int
    var target: UnsafeMutableRawPointer

    var expected: Int { header.uncompressedSize }
}

extension Decompressor {
    func decode(_ block: Block) throws(CompressionError) {
        switch block.header.algorithm {
        case .zlib: try decodeZlib(block)
        case .oldDeflate: try decodeRawDeflate(block)
        case .lzma: try decodeLZMA(block)
        case .lz4: try decodeLZ4(block)
        case .zstd: try decodeZstd(block)
        }
    }

    // MARK: - DEFLATE (ZL, CS)

    private func decodeZlib(_ block: Block) throws(CompressionError) {
        if zlibInflater == .zlib {
            try decodeZlibWithZlib(block)
            return
        }
        var produced = 0
        let result = libdeflate_zlib_decompress(
            deflate, block.data, block.dataCount, block.target, block.expected, &produced)
        if result == LIBDEFLATE_BAD_DATA {
            try decodeZlibWithZlib(block)
            return
        }
        try check(result, produced: produced, block)
    }

    /// zlib's own inflate: for `.zlib`, and for the streams libdeflate refuses (the error then names both).
    private func decodeZlibWithZlib(_ block: Block) throws(CompressionError) {
        var produced = uLongf(block.expected)
        let status = uncompress(
            block.target.assumingMemoryBound(to: Bytef.self), &produced,
            block.data.assumingMemoryBound(to: Bytef.self), uLong(block.dataCount))
        guard status == Z_OK else {
            let reason = zError(status).map { String(cString: $0) } ?? "unknown error"
            throw .corruptData(
                algorithm: .zlib, offset: block.offset, code: Int(status),
                message: zlibInflater == .zlib ? "zlib: \(reason)" : "libdeflate: bad data; zlib: \(reason)")
        }
        guard Int(produced) == block.expected else {
            throw .sizeMismatch(offset: block.offset, expected: block.expected, actual: Int(produced))
        }
    }

    private func decodeRawDeflate(_ block: Block) throws(CompressionError) {
        var produced = 0
        let result = libdeflate_deflate_decompress(
            deflate, block.data, block.dataCount, block.target, block.expected, &produced)
        try check(result, produced: produced, block)
    }

    private func check(_ result: libdeflate_result, produced: Int, _ block: Block) throws(CompressionError) {
        switch result {
        case LIBDEFLATE_SUCCESS:
            guard produced == block.expected else {
                throw .sizeMismatch(offset: block.offset, expected: block.expected, actual: produced)
            }
        case LIBDEFLATE_INSUFFICIENT_SPACE:
            throw .corruptData(
                algorithm: block.header.algorithm, offset: block.offset, code: Int(result.rawValue),
                message: "libdeflate: the data decompresses to more than the \(block.expected) bytes in the header")
        default:
            throw .corruptData(
                algorithm: block.header.algorithm, offset: block.offset, code: Int(result.rawValue),
                message: "libdeflate: bad data")
        }
    }

    // MARK: - LZMA (XZ)

    /// Re-initialising the same `lzma_stream` lets liblzma keep its decoder and dictionary between blocks.
    private func decodeLZMA(_ block: Block) throws(CompressionError) {
        var status = lzma_stream_decoder(lzma, Self.lzmaMemoryLimit, 0)
        guard status == LZMA_OK else { throw lzmaError(status, block) }
        lzma.pointee.next_in = block.data.assumingMemoryBound(to: UInt8.self)
        lzma.pointee.avail_in = block.dataCount
        lzma.pointee.next_out = block.target.assumingMemoryBound(to: UInt8.self)
        lzma.pointee.avail_out = block.expected
        repeat {
            status = lzma_code(lzma, LZMA_FINISH)
        } while status == LZMA_OK
        let produced = block.expected - lzma.pointee.avail_out
        lzma.pointee.next_in = nil
        lzma.pointee.next_out = nil
        guard status == LZMA_STREAM_END else { throw lzmaError(status, block) }
        guard produced == block.expected else {
            throw .sizeMismatch(offset: block.offset, expected: block.expected, actual: produced)
        }
    }

    private func lzmaError(_ status: lzma_ret, _ block: Block) -> CompressionError {
        let message =
            switch status {
            case LZMA_MEM_ERROR: "liblzma: cannot allocate memory"
            case LZMA_MEMLIMIT_ERROR: "liblzma: the stream needs more than \(Self.lzmaMemoryLimit) bytes of memory"
            case LZMA_FORMAT_ERROR: "liblzma: not an .xz stream"
            case LZMA_OPTIONS_ERROR: "liblzma: unsupported stream options"
            case LZMA_DATA_ERROR: "liblzma: corrupt data"
            case LZMA_BUF_ERROR:
                "liblzma: the stream is truncated or decompresses to more than the \(block.expected) bytes in the header"
            default: "liblzma: error"
            }
        return .corruptData(algorithm: .lzma, offset: block.offset, code: Int(status.rawValue), message: message)
    }

    // MARK: - LZ4 (L4)

    private func decodeLZ4(_ block: Block) throws(CompressionError) {
        let computed = XXH64.hash(UnsafeRawBufferPointer(start: block.data, count: block.dataCount))
        let stored = block.header.checksum ?? 0
        guard computed == stored else {
            throw .checksumMismatch(offset: block.offset, stored: stored, computed: computed)
        }
        let produced = LZ4_decompress_safe(
            block.data.assumingMemoryBound(to: CChar.self), block.target.assumingMemoryBound(to: CChar.self),
            Int32(block.dataCount), Int32(block.expected))
        guard produced >= 0 else {
            throw .corruptData(
                algorithm: .lz4, offset: block.offset, code: Int(produced),
                message: "LZ4_decompress_safe: malformed block (error near input byte \(-Int(produced)))")
        }
        guard Int(produced) == block.expected else {
            throw .sizeMismatch(offset: block.offset, expected: block.expected, actual: Int(produced))
        }
    }

    // MARK: - Zstandard (ZS)

    private func decodeZstd(_ block: Block) throws(CompressionError) {
        let produced = ZSTD_decompressDCtx(zstd, block.target, block.expected, block.data, block.dataCount)
        if ZSTD_isError(produced) != 0 {
            throw .corruptData(
                algorithm: .zstd, offset: block.offset, code: Int(bitPattern: UInt(0 &- produced)),
                message: "zstd: " + String(cString: ZSTD_getErrorName(produced)))
        }
        guard produced == block.expected else {
            throw .sizeMismatch(offset: block.offset, expected: block.expected, actual: produced)
        }
    }
}
