// Compression tests against uproot 5 (the reference reader and writer, DESIGN.md §5): blocks uproot writes
// decode here, and blocks written here decode in uproot. They need .venv (scripts/install-test-deps.sh).

import Compression
import Foundation
import TestSupport
import Testing

/// The test venv's Python when it has uproot and xxhash, else `nil`.
private let uprootPython: String? = {
    let python = TestPaths.repositoryFile(".venv/bin/python")
    guard FileManager.default.isExecutableFile(atPath: python),
        let result = try? CommandResult.run(python, ["-c", "import uproot, xxhash"]), result.status == 0
    else { return nil }
    return python
}()

/// Writes `small.raw` (100,000 bytes) and `large.raw` (20,000,000 bytes: two blocks) and, for each uproot
/// compression, `<size>-<name>.root` = `uproot.compression.compress(data, compression)`; zlib levels 6 and 9
/// only for the small one (level 9 takes seconds on the large one).
private let writeFixtures = """
    import sys, numpy, uproot.compression as C
    folder = sys.argv[1]
    rng = numpy.random.default_rng(7)
    def column(n):
        values = numpy.repeat(rng.integers(0, 64, n // 4), rng.integers(1, 9, n // 4)).astype(">u4")
        return values.tobytes()[:n]
    cases = {"ZLIB-1": C.ZLIB(1), "LZMA-1": C.LZMA(1), "LZ4-1": C.LZ4(1), "ZSTD-3": C.ZSTD(3)}
    for size, n in [("small", 100_000), ("large", 20_000_000)]:
        data = column(n)
        open(f"{folder}/{size}.raw", "wb").write(data)
        extra = {"ZLIB-6": C.ZLIB(6), "ZLIB-9": C.ZLIB(9)} if size == "small" else {}
        for name, compression in {**cases, **extra}.items():
            open(f"{folder}/{size}-{name}.root", "wb").write(C.compress(data, compression))
    """

/// Decompresses each `ours-<size>-<name>.root` with uproot and prints `<size>-<name> ok` when it equals `<size>.raw`.
private let readOurs = """
    import sys, uproot.compression as C, uproot.source.chunk as chunk, uproot.source.cursor as cursor
    folder = sys.argv[1]
    for name in sys.argv[2:]:
        raw = open(f"{folder}/{name.split('-')[0]}.raw", "rb").read()
        blob = open(f"{folder}/ours-{name}.root", "rb").read()
        out = C.decompress(chunk.Chunk.wrap(None, blob), cursor.Cursor(0), {}, len(blob), len(raw)).raw_data
        print(name, "ok" if bytes(out) == raw else "MISMATCH")
    """

/// The fixtures (about 50 MB), written once for the suite and removed when the test process exits.
private let fixtures: String? = {
    guard let python = uprootPython else { return nil }
    let folder = TestPaths.scratchFolder("compression-uproot")
    atexit {
        if let folder = fixtures { try? FileManager.default.removeItem(atPath: folder) }
    }
    guard let result = try? CommandResult.run(python, ["-c", writeFixtures, folder]), result.status == 0 else {
        try? FileManager.default.removeItem(atPath: folder)
        return nil
    }
    return folder
}()

private func read(_ name: String) throws -> [UInt8] {
    let folder = try #require(fixtures, "uproot fixtures were not written")
    return try [UInt8](#require(FileManager.default.contents(atPath: folder + "/" + name)))
}

@Suite(.enabled(if: uprootPython != nil, "needs .venv with uproot (scripts/install-test-deps.sh)"))
struct UprootInteropTests {
    static let cases: [(name: String, algorithm: CompressionAlgorithm)] = [
        ("ZLIB-1", .zlib), ("LZMA-1", .lzma), ("LZ4-1", .lz4), ("ZSTD-3", .zstd),
    ]

    @Test(arguments: ["small", "large"])
    func uprootBlocksDecode(size: String) throws {
        let raw = try read("\(size).raw")
        let decompressor = Decompressor()
        for (name, algorithm) in Self.cases {
            let payload = try read("\(size)-\(name).root")
            var offset = 0
            var blockSizes: [Int] = []
            try payload.withUnsafeBytes { bytes in
                while offset < bytes.count {
                    let header = try CompressionBlockHeader(parsing: bytes, at: offset)
                    #expect(header.algorithm == algorithm, "\(name)")
                    blockSizes.append(header.uncompressedSize)
                    offset += CompressionBlockHeader.size + header.compressedSize
                }
            }
            #expect(offset == payload.count, "\(name)")
            #expect(blockSizes == (size == "large" ? [16_777_215, 3_222_785] : [100_000]), "\(name)")
            #expect(try decompressor.decompress(payload, uncompressedSize: raw.count) == raw, "\(name)")
        }
    }

    /// Same zlib, same level, same bytes: ROOT's framing around zlib's `compress2` is what uproot writes.
    @Test(arguments: [("small", 1), ("small", 6), ("small", 9), ("large", 1)])
    func zlibBlocksMatchUprootByteForByte(size: String, level: Int) throws {
        let raw = try read("\(size).raw")
        let ours = try Compressor(algorithm: .zlib, level: level).compress(raw)
        #expect(ours == (try read("\(size)-ZLIB-\(level).root")))
    }

    @Test func uprootDecodesOurBlocks() throws {
        let python = try #require(uprootPython)
        let folder = try #require(fixtures)
        var names: [String] = []
        for size in ["small", "large"] {
            let raw = try read("\(size).raw")
            for algorithm in [CompressionAlgorithm.zlib, .lzma, .lz4, .zstd] {
                let name = "\(size)-\(algorithm.rawValue)"
                let payload = try Compressor(algorithm: algorithm, level: size == "small" ? 6 : 1).compress(raw)
                #expect(payload.count < raw.count)
                #expect(FileManager.default.createFile(atPath: "\(folder)/ours-\(name).root", contents: Data(payload)))
                names.append(name)
            }
        }
        let result = try CommandResult.run(python, ["-c", readOurs, folder] + names)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == names.map { "\($0) ok\n" }.joined())
    }
}
