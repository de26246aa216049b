// Compression tests: seeded random mutations of valid payloads. Whatever the bytes, decompression either
// succeeds or throws a CompressionError; it never traps and never touches memory outside its buffers.

import Compression
import Testing

@Suite struct MutationFuzzTests {
    static let mutationsPerAlgorithm = 20_000

    /// How the mutated payloads fared.
    struct Outcome: CustomStringConvertible {
        var thrown: [String: Int] = [:]
        var sameOutput = 0
        var differentOutput = 0

        var threw: Int { thrown.values.reduce(0, +) }

        var description: String {
            let kinds = thrown.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            return
                "threw \(threw) (\(kinds)); decoded to the original \(sameOutput); decoded to other bytes \(differentOutput)"
        }
    }

    @Test(arguments: CompressionAlgorithm.allCases)
    func mutatedPayloadsThrowOrDecode(algorithm: CompressionAlgorithm) throws {
        let input = SampleData.column(count: 4096, seed: 11)
        let clean = try Compressor(algorithm: algorithm, level: 5).compress(input)
        #expect(clean.count < input.count)
        var generator = SplitMix64(seed: 0xF0F0 &+ UInt64(algorithm.method) &+ UInt64(clean.count))
        let decompressor = Decompressor()
        var output = [UInt8](repeating: 0, count: input.count + 64)
        var outcome = Outcome()
        for _ in 0..<Self.mutationsPerAlgorithm {
            let (payload, size) = Self.mutate(clean, size: input.count, using: &generator)
            do {
                try payload.withUnsafeBytes { source in
                    try output.withUnsafeMutableBytes { target in
                        try decompressor.decompress(
                            source, into: UnsafeMutableRawBufferPointer(rebasing: target[..<size]))
                    }
                }
                if size == input.count && output[..<size].elementsEqual(input) {
                    outcome.sameOutput += 1
                } else {
                    outcome.differentOutput += 1
                }
            } catch let error as CompressionError {
                outcome.thrown[Self.kind(of: error), default: 0] += 1
            }
        }
        print("\(algorithm), \(Self.mutationsPerAlgorithm) mutations of a \(clean.count)-byte payload: \(outcome)")
        #expect(outcome.threw + outcome.sameOutput + outcome.differentOutput == Self.mutationsPerAlgorithm)
        #expect(outcome.threw > Self.mutationsPerAlgorithm / 2)
        // zlib (Adler-32), xz (CRC32) and LZ4 (XXH64) are checksummed: no mutation may pass as other data.
        // zstd frames from ROOT carry no checksum and CS is bare DEFLATE, so those can decode to other bytes.
        if [.zlib, .lzma, .lz4].contains(algorithm) {
            #expect(outcome.differentOutput == 0)
        }
    }

    /// One to four random edits: bit flips, random bytes, header size fields, truncation, appended junk,
    /// and sometimes an output size that is off (by at most 64 bytes in all).
    static func mutate(_ clean: [UInt8], size: Int, using generator: inout SplitMix64) -> ([UInt8], Int) {
        var payload = clean
        var size = size
        let limit = size + 64
        for _ in 0...Int.random(in: 0...3, using: &generator) {
            switch Int.random(in: 0..<7, using: &generator) {
            case 0:
                let index = Int.random(in: 0..<payload.count, using: &generator)
                payload[index] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
            case 1:
                payload[Int.random(in: 0..<payload.count, using: &generator)] = .random(in: 0...255, using: &generator)
            case 2:
                payload[Int.random(in: 0..<min(17, payload.count), using: &generator)] = .random(
                    in: 0...255, using: &generator)
            case 3:
                payload[Int.random(in: 3..<9, using: &generator)] &+= UInt8.random(in: 1...3, using: &generator)
            case 4 where payload.count > 10:
                payload.removeLast(Int.random(in: 1...min(64, payload.count - 9), using: &generator))
            case 5:
                payload += (0..<Int.random(in: 1...32, using: &generator)).map { _ in
                    .random(in: 0...255, using: &generator)
                }
            default:
                size = min(max(0, size + Int.random(in: -16...16, using: &generator)), limit)
            }
        }
        return (payload, size)
    }

    static func kind(of error: CompressionError) -> String {
        switch error {
        case .truncatedHeader: "truncatedHeader"
        case .unknownAlgorithm: "unknownAlgorithm"
        case .unsupportedMethod: "unsupportedMethod"
        case .truncatedBlock: "truncatedBlock"
        case .sizeMismatch: "sizeMismatch"
        case .checksumMismatch: "checksumMismatch"
        case .corruptData: "corruptData"
        case .invalidUncompressedSize: "invalidUncompressedSize"
        case .compressionFailed: "compressionFailed"
        }
    }
}
