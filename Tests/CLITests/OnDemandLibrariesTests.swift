import Foundation
import TestSupport
import Testing

/// libcurl and the XRootD client are loaded on the first remote file, not when the binary starts: every
/// command works without them, starts in a few milliseconds, and a remote file that needs a missing one
/// names it.
@Suite struct OnDemandLibrariesTests {
    /// A folder searched first by the loader, whose libcurl.so.4 and libXrdCl.so.3 are not libraries.
    let brokenLibraries = TestPaths.scratchFolder("broken-libraries")
    let folder = TestPaths.scratchFolder("remote-run")

    init() {
        for name in ["libcurl.so.4", "libXrdCl.so.3"] {
            TestPaths.write("not a library\n", to: name, in: brokenLibraries)
        }
        TestPaths.write("datasets: {jsons: [datasets.json]}\n", to: "analysis.yaml", in: folder)
    }

    @Test func theBinaryStartsWithoutThem() throws {
        let result = try CommandResult.pocketCoffea(["--version"], environment: ["LD_LIBRARY_PATH": brokenLibraries])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("pocket-coffea "))
    }

    @Test(arguments: [
        ("root://localhost:1//store/a.root", "cannot load the XRootD client"),
        ("https://localhost:1/store/a.root", "cannot load libcurl"),
    ])
    func aRemoteFileNamesTheLibraryItLacks(url: String, message: String) throws {
        TestPaths.write(
            """
            {"DY_2018": {"metadata": {"sample": "DY", "year": "2018", "isMC": "True", "xsec": "1", "nevents": "1"},
                         "files": ["\(url)"]}}
            """, to: "datasets.json", in: folder)
        let result = try CommandResult.pocketCoffea(
            ["run", "--cfg", "analysis.yaml", "-o", "out", "-e", "iterative"], in: folder,
            environment: ["LD_LIBRARY_PATH": brokenLibraries])
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.contains(url), "\(result.stderr)")
    }
}
