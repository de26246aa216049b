// Compression layer: writes ROOT compression blocks the way ROOT's R__zipMultipleAlgorithm and uproot's
// compression.compress do, for the ROOT writer and for tests of the reader.

import CZstd

/// Compresses buffers into ROOT payloads: blocks of at most 0xFFFFFF uncompressed bytes, each behind a
/// ``CompressionBlockHeader``.
///
/// `level` follows ROOT's convention, the last two digits of fCompress: 0 stores the buffer uncompressed,
/// 1–9 compress (more is clamped to 9). As in ROOT, zlib and lzma use the level itself, zstd uses twice the
/// level, and lz4 uses `LZ4_compress_default` (ROOT switches to LZ4 HC from level 4, which the CLZ4 module
/// map does not expose yet).
///
/// ROOT's rule for incompressible data applies: when a block does not shrink, or the whole payload would
/// not be smaller than the input, the result is the input itself, uncompressed.
/// Not thread-safe: the zstd context is reused.
public final class Compressor {
    /// The algorithm of every block.
    public let algorithm: CompressionAlgorithm
    /// The ROOT level, clamped to 0...9.
    public let level: Int
    let zstd: OpaquePointer?

    /// A compressor for `algorithm` at ROOT `level`.
    public init(algorithm: CompressionAlgorithm, level: Int) {
        self.algorithm = algorithm
        self.level = min(max(level, 0), 9)
        if algorithm == .zstd {
            guard let context = ZSTD_createCCtx() else {
                fatalError("Compressor: out of memory allocating the zstd context")
            }
            zstd = context
        } else {
            zstd = nil
        }
    }

    deinit {
        if let zstd { ZSTD_freeCCtx(zstd) }
    }

    /// The payload ROOT would write for `input`: compression blocks, or `input` itself when compression
    /// does not shrink it.
    /// - Throws: ``CompressionError/compressionFailed(algorithm:code:message:)`` when the library fails for
    ///   a reason other than running out of room.
    public func compress(_ input: UnsafeRawBufferPointer) throws(CompressionError) -> [UInt8] {
        guard level > 0, input.count > 0, let source = input.baseAddress else { return Array(input) }
        var failure: CompressionError?
        var shrank = false
        // The output must come out smaller than the input, so it never needs more than input.count - 1 bytes.
        let capacity = input.count - 1
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            guard let target = buffer.baseAddress.map(UnsafeMutableRawPointer.init) else { return }
            var inOffset = 0
            var outOffset = 0
            while inOffset < input.count {
                let blockSize = min(CompressionBlockHeader.maxUncompressedSize, input.count - inOffset)
                let headerSize = CompressionBlockHeader.size + algorithm.checksumSize
                // ROOT keeps a block only when its compressed size (LZ4 checksum included) is below blockSize.
                let room = min(capacity - outOffset - headerSize, blockSize - 1 - algorithm.checksumSize)
                guard room > 0 else { return }
                do throws(CompressionError) {
                    let source = UnsafeRawBufferPointer(start: source + inOffset, count: blockSize)
                    let destination = UnsafeMutableRawBufferPointer(start: target + outOffset + headerSize, count: room)
                    guard let produced = try compressBlock(source, into: destination) else { return }
                    let header = CompressionBlockHeader(
                        algorithm: algorithm, compressedSize: produced + algorithm.checksumSize,
                        uncompressedSize: blockSize,
                        checksum: algorithm == .lz4
                            ? XXH64.hash(UnsafeRawBufferPointer(rebasing: destination[..<produced])) : nil)
                    header.store(to: target + outOffset)
                    outOffset += headerSize + produced
                    inOffset += blockSize
                } catch {
                    failure = error
                    return
                }
            }
            initialized = outOffset
            shrank = true
        }
        if let failure { throw failure }
        return shrank ? output : Array(input)
    }

    /// The payload ROOT would write for `input`.
    /// - Throws: ``CompressionError``, as ``compress(_:)-(UnsafeRawBufferPointer)``.
    public func compress(_ input: [UInt8]) throws(CompressionError) -> [UInt8] {
        var result: Result<[UInt8], CompressionError> = .success([])
        input.withUnsafeBytes { bytes in
            result = Result { () throws(CompressionError) in try compress(bytes) }
        }
        return try result.get()
    }
}
