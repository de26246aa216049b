// Compression layer: one encoder per algorithm, each compressing one block into a bounded slice of the
// payload and answering nil when the result does not fit (ROOT then stores the buffer uncompressed).

import CLZ4
import CLZMA
import CZlib
import CZstd

extension Compressor {
    /// Compresses `source` into `destination`; returns the compressed size, or `nil` when it needs more room.
    func compressBlock(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer)
        throws(CompressionError) -> Int?
    {
        guard let input = source.baseAddress, let output = destination.baseAddress else { return nil }
        switch algorithm {
        case .zlib:
            return try zlibCompress(input, source.count, output, destination.count)
        case .oldDeflate:
            return try rawDeflate(input, source.count, output, destination.count)
        case .lzma:
            return try lzmaCompress(input, source.count, output, destination.count)
        case .lz4:
            let produced = LZ4_compress_default(
                input.assumingMemoryBound(to: CChar.self), output.assumingMemoryBound(to: CChar.self),
                Int32(source.count), Int32(destination.count))
            return produced > 0 ? Int(produced) : nil
        case .zstd:
            return try zstdCompress(input, source.count, output, destination.count)
        }
    }

    /// A zlib stream from zlib's own `compress2`, byte for byte what ROOT (deflateInit) and uproot
    /// (Python's zlib) write with the same zlib.
    private func zlibCompress(
        _ input: UnsafeRawPointer, _ count: Int, _ output: UnsafeMutableRawPointer, _ room: Int
    ) throws(CompressionError) -> Int? {
        var produced = uLongf(room)
        let status = compress2(
            output.assumingMemoryBound(to: Bytef.self), &produced, input.assumingMemoryBound(to: Bytef.self),
            uLong(count), Int32(level))
        switch status {
        case Z_OK: return Int(produced)
        case Z_BUF_ERROR: return nil
        default:
            let reason = zError(status).map { String(cString: $0) } ?? "unknown error"
            throw .compressionFailed(algorithm: algorithm, code: Int(status), message: "zlib: \(reason)")
        }
    }

    /// ROOT's old format holds raw DEFLATE data: a zlib stream without its 2-byte header and 4-byte Adler-32.
    private func rawDeflate(
        _ input: UnsafeRawPointer, _ count: Int, _ output: UnsafeMutableRawPointer, _ room: Int
    ) throws(CompressionError) -> Int? {
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: room + 6, alignment: 1)
        defer { scratch.deallocate() }
        guard let produced = try zlibCompress(input, count, scratch, room + 6) else { return nil }
        output.copyMemory(from: scratch + 2, byteCount: produced - 6)
        return produced - 6
    }

    /// A complete .xz stream with a CRC32 check, as ROOT's R__zipLZMA writes.
    private func lzmaCompress(
        _ input: UnsafeRawPointer, _ count: Int, _ output: UnsafeMutableRawPointer, _ room: Int
    ) throws(CompressionError) -> Int? {
        var produced = 0
        let status = lzma_easy_buffer_encode(
            UInt32(level), LZMA_CHECK_CRC32, nil, input.assumingMemoryBound(to: UInt8.self), count,
            output.assumingMemoryBound(to: UInt8.self), &produced, room)
        switch status {
        case LZMA_OK: return produced
        case LZMA_BUF_ERROR: return nil
        default:
            throw .compressionFailed(
                algorithm: algorithm, code: Int(status.rawValue), message: "liblzma: lzma_easy_buffer_encode failed")
        }
    }

    /// One zstd frame at level 2 × `level`, as ROOT's R__zipZSTD.
    private func zstdCompress(
        _ input: UnsafeRawPointer, _ count: Int, _ output: UnsafeMutableRawPointer, _ room: Int
    ) throws(CompressionError) -> Int? {
        let produced = ZSTD_compressCCtx(zstd, output, room, input, count, Int32(2 * level))
        guard ZSTD_isError(produced) != 0 else { return produced }
        // ZSTD_error_dstSize_tooSmall is 70; the size_t result is its negation.
        let code = Int(bitPattern: UInt(0 &- produced))
        if code == 70 { return nil }
        throw .compressionFailed(
            algorithm: algorithm, code: code, message: "zstd: " + String(cString: ZSTD_getErrorName(produced)))
    }
}
