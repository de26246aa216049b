import Compression
import Testing

@Suite struct CompressionBlockHeaderTests {
    /// The first 9 bytes uproot 5.7.7 writes for `compress(arange(100000, dtype=">u4"), ZLIB(1))`.
    @Test func parsesLittleEndianSizes() throws {
        let bytes: [UInt8] = [0x5A, 0x4C, 0x08, 0x8A, 0x20, 0x02, 0x80, 0x1A, 0x06]
        let header = try bytes.withUnsafeBytes { try CompressionBlockHeader(parsing: $0, at: 0) }
        #expect(header.algorithm == .zlib)
        #expect(header.method == 8)
        #expect(header.compressedSize == 0x02_208A)
        #expect(header.uncompressedSize == 400_000)
        #expect(header.checksum == nil)
        #expect(header.encodedSize == 9)
        #expect(header.bytes == bytes)
    }

    @Test func lz4HeaderCarriesTheBigEndianChecksum() throws {
        let header = CompressionBlockHeader(
            algorithm: .lz4, compressedSize: 8 + 3, uncompressedSize: 0xFF_FFFF, checksum: 0x0102_0304_0506_0708)
        let bytes = header.bytes + [1, 2, 3]
        #expect(Array(bytes[..<17]) == [0x4C, 0x34, 1, 11, 0, 0, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4, 5, 6, 7, 8])
        let parsed = try bytes.withUnsafeBytes { try CompressionBlockHeader(parsing: $0, at: 0) }
        #expect(parsed == header)
        #expect(parsed.encodedSize == 17)
    }

    @Test(arguments: CompressionAlgorithm.allCases)
    func tagsAndMethodsRoundTrip(algorithm: CompressionAlgorithm) throws {
        let header = CompressionBlockHeader(
            algorithm: algorithm, compressedSize: 100, uncompressedSize: 1000, checksum: algorithm == .lz4 ? 7 : nil)
        let bytes = [0xEE] + header.bytes + [UInt8](repeating: 0, count: 100)
        let parsed = try bytes.withUnsafeBytes { try CompressionBlockHeader(parsing: $0, at: 1) }
        #expect(parsed == header)
        #expect(String(decoding: bytes[1...2], as: UTF8.self) == algorithm.rawValue)
    }

    @Test func rejectsShortUnknownAndUnsupportedHeaders() {
        func parse(_ bytes: [UInt8]) -> CompressionError? {
            #expect(throws: CompressionError.self) {
                try bytes.withUnsafeBytes { _ = try CompressionBlockHeader(parsing: $0, at: 0) }
            }
        }
        #expect(parse([0x5A, 0x4C, 8, 0, 0]) == .truncatedHeader(offset: 0, available: 5))
        #expect(parse(Array("QQ\u{8}\0\0\0\0\0\0".utf8)) == .unknownAlgorithm(tag: 0x5151, offset: 0))
        #expect(
            parse([0x4C, 0x34, UInt8(ascii: "B"), 8, 0, 0, 8, 0, 0] + [UInt8](repeating: 0, count: 8))
                == .unsupportedMethod(algorithm: .lz4, method: 0x42, offset: 0))
        #expect(
            parse([0x5A, 0x4C, 9, 1, 0, 0, 1, 0, 0, 0]) == .unsupportedMethod(algorithm: .zlib, method: 9, offset: 0))
        // An LZ4 block needs its 8 checksum bytes: both the payload and the declared size must hold them.
        #expect(parse([0x4C, 0x34, 1, 8, 0, 0, 8, 0, 0, 1, 2, 3]) == .truncatedHeader(offset: 0, available: 12))
        #expect(
            parse([0x4C, 0x34, 1, 4, 0, 0, 8, 0, 0] + [UInt8](repeating: 0, count: 12))
                == .truncatedHeader(offset: 0, available: 13))
    }
}
