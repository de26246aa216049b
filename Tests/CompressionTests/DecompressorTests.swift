import Compression
import Testing

@Suite struct DecompressorTests {
    let input = SampleData.column(count: 10_000, seed: 3)

    func payload(_ algorithm: CompressionAlgorithm) throws -> [UInt8] {
        try Compressor(algorithm: algorithm, level: 5).compress(input)
    }

    func decompressError(_ payload: [UInt8], size: Int) -> CompressionError? {
        #expect(throws: CompressionError.self) { try Decompressor().decompress(payload, uncompressedSize: size) }
    }

    // MARK: - Success

    @Test func uncompressedPayloadIsCopied() throws {
        #expect(try Decompressor().decompress(input, uncompressedSize: input.count) == input)
        #expect(try Decompressor().decompress([], uncompressedSize: 0) == [])
    }

    /// Writes only its slice: the bytes around the output are untouched, on success and on failure.
    @Test(arguments: CompressionAlgorithm.allCases)
    func decompressesIntoASliceOfAReusedBuffer(algorithm: CompressionAlgorithm) throws {
        let payload = try payload(algorithm)
        let decompressor = Decompressor()
        var buffer = [UInt8](repeating: 0xA5, count: input.count + 64)
        for _ in 0..<3 {
            try payload.withUnsafeBytes { source in
                try buffer.withUnsafeMutableBytes { target in
                    try decompressor.decompress(
                        source, into: UnsafeMutableRawBufferPointer(rebasing: target[32..<(32 + input.count)]))
                }
            }
            #expect(Array(buffer[32..<(32 + input.count)]) == input)
        }
        // Asking for fewer bytes than the block holds fails before anything is written past the slice.
        buffer = [UInt8](repeating: 0xA5, count: input.count + 64)
        #expect(throws: CompressionError.self) {
            try payload.withUnsafeBytes { source in
                try buffer.withUnsafeMutableBytes { target in
                    try decompressor.decompress(
                        source, into: UnsafeMutableRawBufferPointer(rebasing: target[32..<(32 + input.count - 1)]))
                }
            }
        }
        #expect(buffer[..<32].allSatisfy { $0 == 0xA5 })
        #expect(buffer[(31 + input.count)...].allSatisfy { $0 == 0xA5 })
    }

    /// Blocks are independent: a payload may mix algorithms, and bytes after the last needed block are ignored.
    @Test func concatenatedBlocksOfDifferentAlgorithms() throws {
        let second = SampleData.column(count: 7000, seed: 9)
        let payload = try payload(.zlib) + Compressor(algorithm: .lz4, level: 1).compress(second) + [1, 2, 3]
        #expect(try Decompressor().decompress(payload, uncompressedSize: input.count + second.count) == input + second)
    }

    @Test func oldROOTDeflateBlocksDecode() throws {
        let payload = try payload(.oldDeflate)
        #expect(Array(payload[..<3]) == [UInt8(ascii: "C"), UInt8(ascii: "S"), 8])
        #expect(try Decompressor().decompress(payload, uncompressedSize: input.count) == input)
    }

    /// The benchmarks' zlib floor inflates with zlib alone: same bytes, and its errors name zlib only.
    @Test func zlibInflaterDecodesLikeTheDefault() throws {
        let payload = try payload(.zlib)
        let zlibOnly = Decompressor(zlibInflater: .zlib)
        #expect(try zlibOnly.decompress(payload, uncompressedSize: input.count) == input)
        var corrupt = payload
        corrupt[CompressionBlockHeader.size] ^= 0x10
        let error = #expect(throws: CompressionError.self) {
            try zlibOnly.decompress(corrupt, uncompressedSize: input.count)
        }
        #expect(error?.description.contains("zlib:") == true)
        #expect(error?.description.contains("libdeflate") == false)
    }

    // MARK: - Failures

    @Test func invalidSizesThrow() throws {
        let payload = try payload(.zlib)
        #expect(decompressError(payload, size: -1) == .invalidUncompressedSize(-1))
        #expect(
            decompressError(payload, size: input.count + 10)
                == .sizeMismatch(offset: payload.count, expected: input.count + 10, actual: input.count))
        #expect(
            decompressError(payload, size: input.count - 10)
                == .sizeMismatch(offset: 0, expected: input.count - 10, actual: input.count))
    }

    @Test(arguments: CompressionAlgorithm.allCases)
    func truncatedPayloadsThrow(algorithm: CompressionAlgorithm) throws {
        let payload = try payload(algorithm)
        let compressedSize = payload.count - 9
        #expect(
            decompressError(Array(payload.dropLast(3)), size: input.count)
                == .truncatedBlock(offset: 0, compressedSize: compressedSize, available: compressedSize - 3))
        #expect(decompressError(Array(payload[..<5]), size: input.count) == .truncatedHeader(offset: 0, available: 5))
    }

    /// A header whose uncompressed size is one byte off (and a caller trusting it) makes every library
    /// report too much or too little output.
    @Test(arguments: CompressionAlgorithm.allCases)
    func wrongBlockSizesThrow(algorithm: CompressionAlgorithm) throws {
        var payload = try payload(algorithm)
        payload[6] &+= 1  // input.count's low byte is not 0xFF
        #expect(
            decompressError(payload, size: input.count + 1)
                == .sizeMismatch(offset: 0, expected: input.count + 1, actual: input.count))
        payload[6] &-= 2
        guard case .corruptData(let reported, 0, _, _)? = decompressError(payload, size: input.count - 1) else {
            Issue.record("expected corruptData for \(algorithm)")
            return
        }
        #expect(reported == algorithm)
    }

    /// The first data byte is zlib's CMF, the .xz and zstd magic, or (LZ4) covered by the checksum.
    @Test(arguments: [CompressionAlgorithm.zlib, .lzma, .zstd, .lz4])
    func flippedBytesThrow(algorithm: CompressionAlgorithm) throws {
        let clean = try payload(algorithm)
        let start = CompressionBlockHeader.size + algorithm.checksumSize
        for position in [start, (start + clean.count) / 2, clean.count - 1]
        where algorithm != .zstd || position == start {
            var payload = clean
            payload[position] ^= 0x10
            let error = decompressError(payload, size: input.count)
            if algorithm == .lz4 {
                guard case .checksumMismatch(0, _, _)? = error else {
                    Issue.record("expected a checksum mismatch, got \(String(describing: error))")
                    continue
                }
            } else {
                guard case .corruptData(algorithm, 0, _, _)? = error else {
                    Issue.record("expected corrupt \(algorithm) data, got \(String(describing: error))")
                    continue
                }
            }
        }
    }

    @Test func badLZ4ChecksumThrows() throws {
        var payload = try payload(.lz4)
        let stored = try payload.withUnsafeBytes { try CompressionBlockHeader(parsing: $0, at: 0) }.checksum
        payload[16] ^= 0x01
        let data = Array(payload[17...])
        #expect(
            decompressError(payload, size: input.count)
                == .checksumMismatch(offset: 0, stored: (stored ?? 0) ^ 1, computed: XXH64.hash(data)))
        #expect(XXH64.hash(data) == stored)
    }

    /// Errors in a later block name that block's offset in the payload.
    @Test func errorsNameTheBlockOffset() throws {
        let first = try payload(.zstd)
        var second = try payload(.lz4)
        second[20] ^= 0xFF
        guard case .checksumMismatch(let offset, _, _)? = decompressError(first + second, size: 2 * input.count) else {
            Issue.record("expected a checksum mismatch")
            return
        }
        #expect(offset == first.count)
        let unknown = decompressError(first + Array("XX".utf8) + Array(second[2...]), size: 2 * input.count)
        #expect(unknown == .unknownAlgorithm(tag: 0x5858, offset: first.count))
    }

    @Test func messagesSayWhatAndWhere() {
        let error = CompressionError.checksumMismatch(offset: 1234, stored: 0xABC, computed: 0xDEF)
        #expect(error.description.contains("byte 1234"))
        #expect(error.description.contains("0xabc"))
        #expect(CompressionError.unknownAlgorithm(tag: 0x5151, offset: 0).description.contains("\"QQ\""))
    }
}
