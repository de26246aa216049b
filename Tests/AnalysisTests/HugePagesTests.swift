import Foundation
import TestSupport
import Testing

/// Whether the kernel gives huge pages only to memory advised to use them (`madvise`): under `always`
/// every large mapping gets them, advised or not, and under `never` none does.
private let hugePagesOnAdviceOnly: Bool = {
    let mode = try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)
    return mode?.contains("[madvise]") == true
}()

/// A run's buffers come from one heap advised to use transparent huge pages (ROOTIO's MemoryReuse), so
/// the first chunk's use of them takes one page fault per 2 MiB instead of one per 4 KiB. The same run
/// started with huge pages disabled for the process (prctl PR_SET_THP_DISABLE, which exec keeps) shows
/// the difference: the trijet analysis over the 30,000-event ADL file in one chunk uses ~20 MB of
/// buffers, ~5,000 faults of 4 KiB, on top of the binary's and the Python wrapper's own (both runs start
/// through the same wrapper, which sets the flag). A kernel short of free 2 MiB blocks would fall back
/// to 4 KiB pages and fail the test: then the machine, not the code, lost the gain.
@Suite(
    .enabled(if: TestPaths.python(importing: "hist") != nil, "needs .venv with uproot, awkward and hist"),
    .enabled(if: hugePagesOnAdviceOnly, "transparent huge pages are not in madvise mode here"))
struct HugePagesTests {
    /// Runs `arguments` of pocket-coffea in `folder` with transparent huge pages disabled or not.
    func run(_ arguments: [String], in folder: String, hugePagesDisabled: Bool) throws -> CommandResult {
        let wrapper = """
            import ctypes, os, sys
            if ctypes.CDLL(None, use_errno=True).prctl(41, int(sys.argv[1]), 0, 0, 0) != 0:  # PR_SET_THP_DISABLE
                sys.exit("prctl: " + os.strerror(ctypes.get_errno()))
            os.execv(sys.argv[2], sys.argv[2:])
            """
        return try CommandResult.run(
            TestPaths.repositoryFile(".venv/bin/python"),
            ["-c", wrapper, hugePagesDisabled ? "1" : "0", TestPaths.binary] + arguments, in: folder)
    }

    @Test func aRunTakesFewerPageFaultsWithHugePages() throws {
        let file = try ADLReferenceTests.generated.get()
        let folder = TestPaths.scratchFolder("huge-pages")
        try FileManager.default.copyItem(
            atPath: TestPaths.repositoryFile("share/examples/adl/q6_trijet.yaml"), toPath: folder + "/analysis.yaml")
        TestPaths.write(
            """
            {"bench": {"files": ["\(file)"],
                       "metadata": {"sample": "bench", "year": "2018", "isMC": "False", "nevents": "1"}}}
            """, to: "datasets.json", in: folder)
        func faults(hugePagesDisabled: Bool) throws -> Int {
            let output = "out-\(hugePagesDisabled ? "small" : "huge")"
            let result = try run(
                ["run", "--cfg", "analysis.yaml", "-o", output, "-e", "iterative", "--chunksize", "30000"],
                in: folder, hugePagesDisabled: hugePagesDisabled)
            try #require(result.status == 0, "\(result.stderr)")
            return result.minorPageFaults
        }
        let (small, huge) = (try faults(hugePagesDisabled: true), try faults(hugePagesDisabled: false))
        // Measured here (debug build): ~6,700 against ~2,400–2,900, the Python wrapper taking ~900 in both.
        #expect(Double(huge) < 0.6 * Double(small), "\(huge) page faults with huge pages, \(small) without")
    }
}
