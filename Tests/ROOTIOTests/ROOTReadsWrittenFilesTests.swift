import Foundation
import ROOTIO
import TestSupport
import Testing

/// The venv's Python when it has PyPI ROOT.
private let rootPython = TestPaths.python(importing: "ROOT")

/// Files written by ROOTFileWriter, read by ROOT itself (PyPI `ROOT`): every entry through
/// TTree::GetEntry and TLeaf::GetValue, the entry count and sums through RDataFrame.
@Suite(.enabled(if: rootPython != nil, "needs .venv with PyPI ROOT (scripts/install-test-deps.sh)"))
struct ROOTReadsWrittenFilesTests {
    static var python: String? { rootPython }

    struct TreeDump: Decodable {
        struct Leaf: Decodable {
            var counts: [Int]
            /// Python's repr of each value: exact, where a JSON number might be rounded on decoding.
            var values: [String]
        }

        var entries: Int
        var rdf_entries: Int
        var rdf_sums: [String: Double]
        var branches: [String: Leaf]
    }

    /// ROOT's reading of `trees` in `path`.
    static func dump(_ path: String, trees: [String]) throws -> [String: TreeDump] {
        let output = TestPaths.scratchFolder("root-dump") + "/dump.json"
        let result = try CommandResult.run(
            try #require(python), [TestPaths.repositoryFile("scripts/root-dump.py"), path, output] + trees)
        try #require(result.status == 0, "root-dump failed: \(result.stderr)")
        return try JSONDecoder().decode(
            [String: TreeDump].self, from: Data(contentsOf: URL(fileURLWithPath: output)))
    }

    /// Checks ROOT's reading of one tree against the columns written.
    static func check(_ dump: TreeDump?, _ columns: [String: Column], tree: String) throws {
        let dump = try #require(dump, "ROOT read no tree \(tree)")
        let entries = try #require(columns.values.first?.entries)
        #expect(dump.entries == entries && dump.rdf_entries == entries, "\(tree) entries")
        #expect(dump.branches.keys.sorted() == columns.keys.sorted(), "\(tree) leaves")
        for (name, column) in columns {
            let leaf = try #require(dump.branches[name])
            #expect(leaf.counts == column.counts, "\(tree).\(name) counts")
            let values = leaf.values.map { Double($0) ?? .signalingNaN }
            let same = zip(values, column.values.doubles).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
            #expect(values.count == column.values.count && same, "\(tree).\(name) values")
            if let sum = dump.rdf_sums[name] {
                #expect(abs(sum - column.values.doubles.reduce(0, +)) <= 1e-9 * max(1, abs(sum)), "\(tree).\(name) sum")
            }
        }
    }

    @Test(arguments: ROOTFileWriterTests.compressions)
    func rootReadsEveryType(compression: ROOTCompression) throws {
        let path = try ROOTFileWriterTests.writeEveryType(compression)
        let dump = try Self.dump(path, trees: ["Events"])
        try Self.check(dump["Events"], WrittenColumns.expected(ROOTFileWriterTests.batches), tree: "Events")
        #expect(dump["Events"]?.rdf_sums["flat_float64"] != nil, "RDataFrame summed a column")
    }

    @Test func rootReadsTwoTrees() throws {
        let path = TestPaths.scratchFolder("writer") + "/two.root"
        let file = try ROOTFileWriter(path: path, compression: .lzma(1))
        let events = try file.makeTree(name: "Events", branches: WrittenColumns.branches, basketSize: 1500)
        let runs = try file.makeTree(name: "Runs", branches: [BranchDescription(name: "run", type: .int32)])
        try events.append(WrittenColumns.batch(first: 0, entries: 333))
        let run = Column(name: "run", type: .int32, entries: 3, offsets: nil, values: .int32([1, 5, -2]))
        try runs.append([run])
        try file.close()
        let dump = try Self.dump(path, trees: ["Events", "Runs"])
        try Self.check(dump["Events"], WrittenColumns.expected([333]), tree: "Events")
        try Self.check(dump["Runs"], ["run": run], tree: "Runs")
    }

    @Test(.enabled(if: TestPaths.hasSharedTestData, "needs ../shared/testdata"))
    func rootReadsANanoAODCopy() throws {
        let (path, expected) = try NanoAODCopyTests.copy("nano_dy.root", compression: .lzma(1))
        let dump = try Self.dump(path, trees: ["Events", "Runs"])
        for (tree, columns) in expected { try Self.check(dump[tree], columns, tree: tree) }
    }
}
