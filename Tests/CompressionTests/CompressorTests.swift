import Compression
import Testing

@Suite struct CompressorTests {
    @Test(arguments: CompressionAlgorithm.allCases, [1, 4, 9])
    func roundTrip(algorithm: CompressionAlgorithm, level: Int) throws {
        let input = SampleData.column(count: 100_000)
        let payload = try Compressor(algorithm: algorithm, level: level).compress(input)
        #expect(payload.count < input.count / 2)
        let header = try payload.withUnsafeBytes { try CompressionBlockHeader(parsing: $0, at: 0) }
        #expect(header.algorithm == algorithm)
        #expect(header.uncompressedSize == input.count)
        #expect(CompressionBlockHeader.size + header.compressedSize == payload.count)
        #expect(try Decompressor().decompress(payload, uncompressedSize: input.count) == input)
    }

    /// ROOT's kMAXZIPBUF split: 20,000,000 bytes become blocks of 16777215 and 3222785 bytes.
    @Test(arguments: CompressionAlgorithm.allCases)
    func largePayloadSplitsIntoTwoBlocks(algorithm: CompressionAlgorithm) throws {
        let input = SampleData.large
        let payload = try Compressor(algorithm: algorithm, level: 1).compress(input)
        let headers = try payload.withUnsafeBytes { bytes throws(CompressionError) in
            let first = try CompressionBlockHeader(parsing: bytes, at: 0)
            let second = try CompressionBlockHeader(parsing: bytes, at: 9 + first.compressedSize)
            return [first, second]
        }
        #expect(headers.map(\.uncompressedSize) == [16_777_215, 3_222_785])
        #expect(headers.map(\.algorithm) == [algorithm, algorithm])
        #expect(headers.reduce(0) { $0 + 9 + $1.compressedSize } == payload.count)
        #expect(try Decompressor().decompress(payload, uncompressedSize: input.count) == input)
    }

    @Test(arguments: CompressionAlgorithm.allCases)
    func incompressibleInputIsStoredAsIs(algorithm: CompressionAlgorithm) throws {
        let input = SampleData.random(count: 5000)
        let payload = try Compressor(algorithm: algorithm, level: 9).compress(input)
        #expect(payload == input)
        #expect(try Decompressor().decompress(payload, uncompressedSize: input.count) == input)
    }

    @Test func levelZeroAndEmptyInputAreStoredAsIs() throws {
        let input = SampleData.column(count: 1000)
        #expect(try Compressor(algorithm: .zlib, level: 0).compress(input) == input)
        #expect(try Compressor(algorithm: .zstd, level: 3).compress([]) == [])
        #expect(try Compressor(algorithm: .lz4, level: 1).compress([7]) == [7])
    }

    @Test func levelsAreClampedAsROOTDoes() {
        #expect(Compressor(algorithm: .lzma, level: 42).level == 9)
        #expect(Compressor(algorithm: .zlib, level: -1).level == 0)
    }

    /// A last block too small to shrink makes ROOT (and uproot) store the whole buffer uncompressed.
    @Test func aLastBlockThatCannotShrinkStoresEverythingUncompressed() throws {
        let input = SampleData.column(count: CompressionBlockHeader.maxUncompressedSize + 1)
        let payload = try Compressor(algorithm: .zstd, level: 1).compress(input)
        #expect(payload == input)
    }
}
