// Compression layer: turns a compressed ROOT payload (a key's or a basket's bytes after its key header)
// into fObjlen bytes. The ROOT reader owns one Decompressor per thread and decompresses each basket once,
// straight into its place in a column's memory (or into a buffer it reuses).

import CDeflate
import CLZMA
import CZstd

/// Decompresses ROOT payloads: a sequence of compression blocks, or the bytes themselves when they were
/// stored uncompressed.
///
/// The instance keeps the library contexts (libdeflate, zstd, liblzma) and reuses them for every block,
/// so decompressing allocates nothing but what liblzma needs for a new dictionary size.
/// It is not thread-safe: use one per thread.
///
/// ```swift
/// let decompressor = Decompressor()
/// try payload.withUnsafeBytes { source in
///     try buffer.withUnsafeMutableBytes { try decompressor.decompress(source, into: $0) }
/// }
/// ```
public final class Decompressor {
    /// liblzma refuses streams that would need more memory than this (ROOT's presets need at most 65 MiB).
    public static let lzmaMemoryLimit: UInt64 = 1 << 30

    /// Which library inflates ZLIB ("ZL") blocks.
    public enum ZlibInflater: Sendable {
        /// libdeflate, with zlib for the streams it refuses: what the reader uses.
        case libdeflate
        /// zlib's `uncompress` only, as ROOT and uproot (through Python's zlib) inflate: the benchmarks'
        /// "zlib floor", the decompression time a zlib-based reader cannot go below.
        case zlib
    }

    let zlibInflater: ZlibInflater
    let deflate: OpaquePointer
    let zstd: OpaquePointer
    let lzma: UnsafeMutablePointer<lzma_stream>

    /// Creates the library contexts.
    public init(zlibInflater: ZlibInflater = .libdeflate) {
        self.zlibInflater = zlibInflater
        guard let deflate = libdeflate_alloc_decompressor(), let zstd = ZSTD_createDCtx() else {
            fatalError("Decompressor: out of memory allocating the libdeflate and zstd contexts")
        }
        self.deflate = deflate
        self.zstd = zstd
        lzma = .allocate(capacity: 1)
        lzma.initialize(to: lzma_stream())
    }

    deinit {
        libdeflate_free_decompressor(deflate)
        ZSTD_freeDCtx(zstd)
        lzma_end(lzma)
        lzma.deinitialize(count: 1)
        lzma.deallocate()
    }

    /// Decompresses `payload` into exactly `output.count` bytes.
    ///
    /// When `payload` has as many bytes as `output`, ROOT stored it uncompressed and it is copied.
    /// Otherwise blocks are decoded one after the other, each straight into its part of `output`, until
    /// `output` is full; bytes after the last needed block are ignored, as ROOT does.
    /// - Parameters:
    ///   - payload: the compressed bytes (fNbytes - fKeylen of them for a key or basket).
    ///   - output: where the fObjlen uncompressed bytes go.
    /// - Throws: ``CompressionError`` when the payload is truncated, corrupt, or does not add up to
    ///   `output.count` bytes. `output` may then hold partial data. Nothing is read or written outside
    ///   `payload` and `output`.
    public func decompress(_ payload: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer)
        throws(CompressionError)
    {
        if payload.count == output.count {
            if let source = payload.baseAddress, let target = output.baseAddress {
                target.copyMemory(from: source, byteCount: payload.count)
            }
            return
        }
        var inOffset = 0
        var outOffset = 0
        while outOffset < output.count {
            guard inOffset < payload.count, let source = payload.baseAddress, let target = output.baseAddress else {
                throw .sizeMismatch(offset: inOffset, expected: output.count, actual: outOffset)
            }
            let header = try CompressionBlockHeader(parsing: payload, at: inOffset)
            let available = payload.count - inOffset - CompressionBlockHeader.size
            guard header.compressedSize <= available else {
                throw .truncatedBlock(offset: inOffset, compressedSize: header.compressedSize, available: available)
            }
            guard header.uncompressedSize <= output.count - outOffset else {
                throw .sizeMismatch(
                    offset: inOffset, expected: output.count, actual: outOffset + header.uncompressedSize)
            }
            let block = Block(
                header: header, offset: inOffset,
                data: source + inOffset + header.encodedSize,
                dataCount: header.compressedSize + CompressionBlockHeader.size - header.encodedSize,
                target: target + outOffset)
            try decode(block)
            inOffset += CompressionBlockHeader.size + header.compressedSize
            outOffset += header.uncompressedSize
        }
    }

    /// Decompresses `payload` into a new array of `uncompressedSize` bytes.
    /// - Throws: ``CompressionError``, as ``decompress(_:into:)``.
    public func decompress(_ payload: UnsafeRawBufferPointer, uncompressedSize: Int) throws(CompressionError)
        -> [UInt8]
    {
        guard uncompressedSize >= 0 else { throw .invalidUncompressedSize(uncompressedSize) }
        var failure: CompressionError?
        let output = [UInt8](unsafeUninitializedCapacity: uncompressedSize) { buffer, initialized in
            do throws(CompressionError) {
                try decompress(payload, into: UnsafeMutableRawBufferPointer(buffer))
                initialized = uncompressedSize
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return output
    }

    /// Decompresses `payload` into a new array of `uncompressedSize` bytes.
    /// - Throws: ``CompressionError``, as ``decompress(_:into:)``.
    public func decompress(_ payload: [UInt8], uncompressedSize: Int) throws(CompressionError) -> [UInt8] {
        var result: Result<[UInt8], CompressionError> = .success([])
        payload.withUnsafeBytes { bytes in
            result = Result { () throws(CompressionError) in try decompress(bytes, uncompressedSize: uncompressedSize) }
        }
        return try result.get()
    }
}
