import ROOTIO
import TestSupport
import Testing

/// Every branch of every real ROOT file in ../shared/testdata/root, read by ROOTIO and by uproot.
@Suite(.enabled(if: TestPaths.hasSharedTestData, "needs ../shared/testdata"))
struct SharedFilesTests {
    static let files = [
        "nano_dy.root", "nano_dimuon.root", "nano_tree.root", "pfnano.root", "uproot-Zmumu-zlib.root",
        "uproot-Zmumu-lz4.root", "uproot-Zmumu-lzma.root", "uproot-Zmumu-zstd.root", "uproot-Zmumu-uncompressed.root",
        "uproot-small-dy-withoffsets.root", "uproot-small-dy-nooffsets.root",
    ]

    @Test(.enabled(if: UprootReference.available, "needs .venv with uproot (make test creates it)"), arguments: files)
    func everyBranchMatchesUproot(name: String) throws {
        let path = TestPaths.shared("root/" + name)
        // uproot cannot read the jagged baskets without offset tables (it expects them); the same
        // events with offsets are the reference.
        let referenceFile = name.replacingOccurrences(of: "nooffsets", with: "withoffsets")
        let reference = try UprootReference(file: TestPaths.shared("root/" + referenceFile))
        let (compared, skipped) = try reference.compare(with: try ROOTFile(url: path))
        print("\(name): \(compared) branches identical to uproot, \(skipped) object branches not read")
        #expect(compared > 0)
    }

    @Test func listsTreesAndBranchTypes() throws {
        let file = try ROOTFile(url: TestPaths.shared("root/nano_dy.root"))
        #expect(file.keys.map(\.name) == ["Events", "Runs"])
        let events = try file.tree("Events")
        #expect(events.entries == 40)
        #expect(events.branches.count == 1499)
        #expect(try events.branch("Muon_pt").typeDescription == "Float_t[nMuon]")
        #expect(try events.branch("nMuon").type == .uint32)
        let runs = try file.tree("Runs")
        #expect(try runs.branch("genEventSumw_").type == .float64)
    }

    /// Branches whose baskets start at different entries share only the boundaries common to all of
    /// them and their counters (each branch's fBasketEntry as uproot lists it, in the comments).
    @Test func sharedBasketBoundariesOfUnalignedBranches() throws {
        let dy = try ROOTFile(url: TestPaths.shared("root/uproot-small-dy-nooffsets.root")).tree("tree")
        // Jet_pt, Jet_jetId: 0, 200, 397, 400; their counter nJet, MET_pt, Muon_*: 0, 200, 400; 501 entries.
        #expect(try dy.branch("Jet_pt").basketBoundaries == [0, 200, 397, 400, 501])
        #expect(try dy.branch("nJet").basketBoundaries == [0, 200, 400, 501])
        #expect(dy.sharedBasketBoundaries(["Jet_pt"]) == [0, 200, 400, 501], "with its counter's")
        #expect(dy.sharedBasketBoundaries(["MET_pt", "Muon_charge"]) == [0, 200, 400, 501])
        let pf = try ROOTFile(url: TestPaths.shared("root/pfnano.root")).tree("Events")
        // PFCands_d0: 0, 4, 8; its counter nPFCands and run: 0; 10 entries.
        #expect(try pf.branch("PFCands_d0").basketBoundaries == [0, 4, 8, 10])
        #expect(pf.sharedBasketBoundaries(["PFCands_d0"]) == [0, 10])
        #expect(pf.sharedBasketBoundaries(["run", "event"]) == [0, 10])
    }

    @Test func anUnknownTreeNamesTheTreesThere() throws {
        let file = try ROOTFile(url: TestPaths.shared("root/pfnano.root"))
        let error = #expect(throws: ROOTFormatError.self) { try file.tree("Event") }
        #expect(
            error?.description.contains("trees here: Events, LuminosityBlocks, Runs, MetaData, ParameterSets") == true)
    }
}
