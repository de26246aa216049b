import Foundation
import ROOTIO
import TestSupport
import Testing

/// Files written by uproot at test time (scripts/make-test-root-files.py): every leaf type flat and
/// jagged, several baskets, a fixed-size array, every compression, and a basket above 16 MiB.
@Suite(.enabled(if: UprootReference.available, "needs .venv with uproot (make test creates it)"))
struct GeneratedFilesTests {
    /// The generated files, written once per test run.
    static let folder: String? = {
        guard let python = UprootReference.python else { return nil }
        let folder = TestPaths.scratchFolder("generated-root")
        let result = try? CommandResult.run(
            python, [TestPaths.repositoryFile("scripts/make-test-root-files.py"), folder])
        return result?.status == 0 ? folder : nil
    }()

    static let compressions = ["zlib", "lzma", "lz4", "zstd", "none"]

    @Test(arguments: compressions)
    func everyTypeMatchesUproot(compression: String) throws {
        let path = try #require(Self.folder) + "/types-\(compression).root"
        let reference = try UprootReference(file: path)
        let file = try ROOTFile(url: path)
        let (compared, _) = try reference.compare(with: file)
        #expect(compared == 11 + 1 + 11 + 1, "flat types, the counter, jagged types, the fixed array")
        let tree = try file.tree("Events")
        #expect(tree.entries == 7501)
        #expect(try tree.branch("Obj_float32").basketCount == 4)
        #expect(try tree.branch("fixed3").typeDescription == "Float_t[3]")
    }

    @Test(arguments: compressions)
    func aBasketAbove16MiBMatchesUproot(compression: String) throws {
        let path = try #require(Self.folder) + "/big-\(compression).root"
        let (compared, _) = try UprootReference(file: path).compare(with: try ROOTFile(url: path))
        #expect(compared == 3)
    }

    /// Ranges that start and end inside baskets: a basket is decompressed in place in its column and
    /// its wanted part moved to the front, or copied out when little of it is wanted.
    @Test(arguments: compressions)
    func entryRangesCutInsideAndAcrossBaskets(compression: String) throws {
        let file = try ROOTFile(url: try #require(Self.folder) + "/types-\(compression).root")
        let tree = try file.tree("Events")
        let names = tree.branches.filter { $0.type.isReadable }.map(\.name)
        let all = try tree.read(names)
        for range: Range<Int64> in [0..<1, 999..<1001, 3499..<3501, 1200..<7501, 7500..<7501, 0..<0] {
            let part = try tree.read(names, entries: range)
            let (lower, upper) = (Int(range.lowerBound), Int(range.upperBound))
            for name in names {
                let (whole, cut) = try (#require(all[name]), #require(part[name]))
                #expect(cut.counts == Array(whole.counts[lower..<upper]), "\(name) \(range)")
                let values =
                    whole.offsets.map { Int($0[lower])..<Int($0[upper]) } ?? whole.length * lower..<whole.length * upper
                #expect(cut.values.doubles == Array(whole.values.doubles[values]), "\(name) \(range)")
            }
        }
        #expect(try tree.branch("Obj_int16").basketBoundaries == [0, 1000, 3500, 3501, 7501])
    }

    /// The basket boundaries that chosen branches (and their counters) share equal the intersection of
    /// their fBasketEntry arrays as uproot reads them.
    @Test func sharedBasketBoundariesMatchUproot() throws {
        let path = try #require(Self.folder) + "/types-zlib.root"
        let tree = try ROOTFile(url: path).tree("Events")
        let choices = [["Obj_int16"], ["flat_int8", "Obj_float32"], tree.branches.map(\.name), ["no_such_branch"]]
        let script = """
            import json, sys, uproot
            tree = uproot.open(sys.argv[1])["Events"]
            out = []
            for names in json.loads(sys.argv[2]):
                shared = {0, tree.num_entries}
                known = [n for n in names if n in tree.keys()]
                known += [tree[n].count_branch.name for n in known if tree[n].count_branch is not None]
                for i, name in enumerate(known):
                    b = tree[name]
                    starts = {int(x) for x in b.member("fBasketEntry")[: b.num_baskets]} | {b.num_entries}
                    shared = starts | {0, tree.num_entries} if i == 0 else shared & starts
                out.append(sorted(shared | {0, tree.num_entries}))
            print(json.dumps(out))
            """
        let names = String(decoding: try JSONEncoder().encode(choices), as: UTF8.self)
        let result = try CommandResult.run(try #require(UprootReference.python), ["-c", script, path, names])
        try #require(result.status == 0, "\(result.stderr)")
        let expected = try JSONDecoder().decode([[Int64]].self, from: Data(result.stdout.utf8))
        for (names, reference) in zip(choices, expected) {
            #expect(tree.sharedBasketBoundaries(names) == reference, "\(names.prefix(3))")
        }
        #expect(tree.sharedBasketBoundaries(["Obj_int16"]) == [0, 1000, 3500, 3501, 7501])
        #expect(tree.sharedBasketBoundaries(["no_such_branch"]) == [0, 7501])
    }

    @Test func aRangeOutsideTheTreeIsAnError() throws {
        let tree = try ROOTFile(url: try #require(Self.folder) + "/types-none.root").tree("Events")
        #expect(throws: ROOTFormatError.self) { try tree.read(["run"], entries: 0..<10) }
        #expect(throws: ROOTFormatError.self) { try tree.read(["flat_int8"], entries: 7000..<8000) }
    }
}
