import ROOTIO
import TestSupport
import Testing

/// A real NanoAOD file copied branch by branch, as a skim does: every branch read by ROOTIO, written
/// by ROOTFileWriter with the reader's branch descriptions, then read back by uproot and by ROOTIO.
@Suite(.enabled(if: TestPaths.hasSharedTestData, "needs ../shared/testdata"))
struct NanoAODCopyTests {
    /// Copies the trees of `name`; returns the new file and the columns read from the original.
    static func copy(_ name: String, compression: ROOTCompression) throws -> (String, [String: [String: Column]]) {
        let original = try ROOTFile(url: TestPaths.shared("root/" + name))
        let path = TestPaths.scratchFolder("nanoaod-copy") + "/" + name
        let file = try ROOTFileWriter(path: path, compression: compression)
        var expected: [String: [String: Column]] = [:]
        for treeName in ["Events", "Runs"] {
            let tree = try original.tree(treeName)
            let branches = tree.branches.filter { (try? BranchDescription(copying: $0)) != nil }
            let columns = try tree.read(branches.map(\.name))
            let copy = try file.makeTree(name: treeName, title: tree.title, copying: branches, basketSize: 8192)
            try copy.append(branches.compactMap { columns[$0.name] })
            expected[treeName] = columns
        }
        try file.close()
        return (path, expected)
    }

    @Test(.enabled(if: UprootReference.available, "needs .venv with uproot"))
    func everyBranchOfNanoAODSurvivesACopy() throws {
        let (path, expected) = try Self.copy("nano_dy.root", compression: .zlib(1))
        let compared = try UprootReference(file: path).expect(expected)
        #expect(compared == expected.values.reduce(0) { $0 + $1.count })
        #expect((expected["Events"]?.count ?? 0) > 1400, "NanoAOD's Events has about 1,500 numeric branches")

        let copy = try ROOTFile(url: path)
        for (treeName, columns) in expected {
            let tree = try copy.tree(treeName)
            let read = try tree.read(Array(columns.keys))
            // Bytes, not values: NanoAOD has NaNs, which are not equal to themselves.
            for (name, column) in columns {
                #expect(read[name]?.values.littleEndianBytes == column.values.littleEndianBytes, "\(treeName).\(name)")
                #expect(read[name]?.offsets == column.offsets, "\(treeName).\(name) offsets")
            }
        }
        let original = try ROOTFile(url: TestPaths.shared("root/nano_dy.root")).tree("Events")
        let events = try copy.tree("Events")
        #expect(try events.branch("Muon_pt").title == original.branch("Muon_pt").title, "NanoAOD's documentation title")
        #expect(try events.branch("Muon_pt").typeDescription == "Float_t[nMuon]")
        #expect(try events.branch("nMuon").type == original.branch("nMuon").type)
    }
}
