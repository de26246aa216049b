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

    @Test func entryRangesCutInsideAndAcrossBaskets() throws {
        let file = try ROOTFile(url: try #require(Self.folder) + "/types-zstd.root")
        let tree = try file.tree("Events")
        let all = try tree.read(["Obj_int16", "flat_float64", "fixed3"])
        for range: Range<Int64> in [0..<1, 999..<1001, 3499..<3501, 1200..<7501, 7500..<7501, 0..<0] {
            let part = try tree.read(["Obj_int16", "flat_float64", "fixed3"], entries: range)
            let lower = Int(range.lowerBound)
            let upper = Int(range.upperBound)
            guard case .int16(let jagged) = all["Obj_int16"]!.values,
                case .int16(let partJagged) = part["Obj_int16"]!.values
            else { Issue.record("Obj_int16 is not int16"); return }
            let offsets = all["Obj_int16"]!.offsets!
            #expect(Array(jagged[Int(offsets[lower])..<Int(offsets[upper])]) == partJagged, "\(range)")
            #expect(part["Obj_int16"]!.counts == Array(all["Obj_int16"]!.counts[lower..<upper]))
            #expect(part["flat_float64"]!.values.doubles == Array(all["flat_float64"]!.values.doubles[lower..<upper]))
            #expect(part["fixed3"]!.values.doubles == Array(all["fixed3"]!.values.doubles[3 * lower..<3 * upper]))
        }
        #expect(try tree.branch("Obj_int16").basketBoundaries == [0, 1000, 3500, 3501, 7501])
    }

    @Test func aRangeOutsideTheTreeIsAnError() throws {
        let tree = try ROOTFile(url: try #require(Self.folder) + "/types-none.root").tree("Events")
        #expect(throws: ROOTFormatError.self) { try tree.read(["run"], entries: 0..<10) }
        #expect(throws: ROOTFormatError.self) { try tree.read(["flat_int8"], entries: 7000..<8000) }
    }
}
