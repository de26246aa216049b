import Foundation
import ROOTIO
import TestSupport
import Testing

/// Files written by ROOTFileWriter, read back by ROOTIO's reader and by uproot, value for value.
@Suite struct ROOTFileWriterTests {
    static let compressions: [ROOTCompression] = [.zlib(1), .lzma(2), .lz4(4), .zstd(5), .none]
    /// Three batches, one empty, with small baskets: several clusters, one split inside a batch.
    static let batches = [1000, 0, 2500]

    /// Writes the every-type tree in `batches` to a new file and returns its path.
    static func writeEveryType(_ compression: ROOTCompression, basketSize: Int = 4096) throws -> String {
        let path = TestPaths.scratchFolder("writer") + "/types.root"
        let file = try ROOTFileWriter(path: path, compression: compression)
        let tree = try file.makeTree(
            name: "Events", title: "every leaf type", branches: WrittenColumns.branches, basketSize: basketSize)
        var first = 0
        for size in batches {
            try tree.append(WrittenColumns.batch(first: first, entries: size))
            first += size
        }
        try file.close()
        return path
    }

    @Test(arguments: compressions)
    func everyTypeReadsBackWithOurReader(compression: ROOTCompression) throws {
        let path = try Self.writeEveryType(compression)
        let file = try ROOTFile(url: path)
        #expect(file.compression == compression.fCompress)
        let tree = try file.tree("Events")
        #expect(tree.title == "every leaf type")
        #expect(tree.entries == 3500)
        let names = WrittenColumns.branches.map(\.name)
        let columns = try tree.read(names)
        let expected = WrittenColumns.expected(Self.batches)
        for name in names {
            #expect(columns[name] == expected[name], "\(name)")
        }
        let muonLike = try tree.branch("Obj_float32")
        #expect(muonLike.title == "Obj_float32[nObj]/F")
        #expect(muonLike.counter == "nObj")
        #expect(muonLike.compression == compression.fCompress)
        #expect(muonLike.basketCount > 3)
        #expect(try tree.branch("nObj").basketBoundaries == muonLike.basketBoundaries)
        #expect(try tree.branch("fixed3").typeDescription == "Float_t[3]")
        #expect(try tree.branch("nObj").type == .uint32)
    }

    @Test(.enabled(if: UprootReference.available, "needs .venv with uproot"), arguments: compressions)
    func everyTypeReadsBackWithUproot(compression: ROOTCompression) throws {
        let path = try Self.writeEveryType(compression)
        let reference = try UprootReference(file: path)
        let compared = try reference.expect(["Events": WrittenColumns.expected(Self.batches)])
        #expect(compared == WrittenColumns.branches.count)
    }

    @Test(.enabled(if: UprootReference.available, "needs .venv with uproot"))
    func twoTreesInOneFile() throws {
        let path = TestPaths.scratchFolder("writer") + "/two.root"
        let file = try ROOTFileWriter(path: path, compression: .zstd(3))
        let events = try file.makeTree(name: "Events", branches: WrittenColumns.branches, basketSize: 2048)
        let runs = try file.makeTree(
            name: "Runs",
            branches: [
                BranchDescription(name: "run", type: .uint32), BranchDescription(name: "genEventSumw", type: .float64),
            ])
        try events.append(WrittenColumns.batch(first: 0, entries: 700))
        let runColumns = [
            Column(name: "run", type: .uint32, entries: 2, offsets: nil, values: .uint32([1, 2])),
            Column(name: "genEventSumw", type: .float64, entries: 2, offsets: nil, values: .float64([12.5, -3])),
        ]
        try runs.append(runColumns)
        try file.close()
        let reader = try ROOTFile(url: path)
        #expect(reader.keys.map(\.name) == ["Events", "Runs"])
        #expect(
            try reader.tree("Runs").read(["run", "genEventSumw"]) == [
                "run": runColumns[0], "genEventSumw": runColumns[1],
            ])
        let compared = try UprootReference(file: path).expect([
            "Events": WrittenColumns.expected([700]),
            "Runs": ["run": runColumns[0], "genEventSumw": runColumns[1]],
        ])
        #expect(compared == WrittenColumns.branches.count + 2)
    }

    @Test func aTreeWithoutEntriesIsReadable() throws {
        let path = TestPaths.scratchFolder("writer") + "/empty.root"
        let file = try ROOTFileWriter(path: path)
        let tree = try file.makeTree(name: "Events", branches: WrittenColumns.branches)
        try tree.append(WrittenColumns.batch(first: 0, entries: 0))
        try file.close()
        let read = try ROOTFile(url: path).tree("Events")
        #expect(read.entries == 0)
        #expect(try read.read(["Obj_int16"])["Obj_int16"]?.entries == 0)
    }

    @Test func theFileAppearsOnlyWhenClosed() throws {
        let folder = TestPaths.scratchFolder("writer")
        let path = folder + "/atomic.root"
        var file: ROOTFileWriter? = try ROOTFileWriter(path: path)
        let tree = try file?.makeTree(name: "Events", branches: WrittenColumns.branches, basketSize: 1024)
        try tree?.append(WrittenColumns.batch(first: 0, entries: 500))
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count == 1)
        file = nil
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "an abandoned writer cleans up")

        let second = try ROOTFileWriter(path: path)
        try second.makeTree(name: "Events", branches: WrittenColumns.branches).append(
            WrittenColumns.batch(first: 0, entries: 10))
        try second.close()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["atomic.root"])
        let error = #expect(throws: ROOTWriteError.self) { try second.close() }
        #expect(error?.code == .closed)
    }
}
