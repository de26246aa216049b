import Analysis
import Configuration
import Foundation
import TestSupport
import Testing

/// `run --process-separately`: one output per dataset (or group of samples), failures kept in
/// failed_jobs.json and rerun alone with `--resubmit-failed`.
@Suite(.enabled(if: TestPaths.python(importing: "uproot") != nil, "needs .venv with uproot (make test creates it)"))
struct ProcessSeparatelyTests {
    @Test func failedDatasetsAreRecordedAndResubmitted() throws {
        try #require(LocalExampleTests.data, "example data could not be generated")
        let folder = TestPaths.scratchFolder("separately")
        let data = TestPaths.repositoryFile(".example-data")
        TestPaths.write(
            """
            {"DY_2018": {"files": ["\(data)/nano_mc.root"], "metadata": {"sample": "DY", "year": "2018", "isMC": "True", "xsec": "1.0", "nevents": "200000"}},
             "DY_2017": {"files": ["\(data)/nano_mc.root"], "metadata": {"sample": "DY", "year": "2018", "isMC": "True", "xsec": "1.0", "nevents": "200000"}},
             "DATA_A": {"files": ["\(data)/nano_data.root"], "metadata": {"sample": "DATA", "year": "2018", "isMC": "False", "nevents": "200000"}},
             "LATE": {"files": ["\(folder)/late.root"], "metadata": {"sample": "LATE", "year": "2018", "isMC": "False", "nevents": "200000"}}}
            """, to: "datasets.json", in: folder)
        let analysis = try String(
            contentsOfFile: TestPaths.repositoryFile("share/examples/local/analysis.yaml"), encoding: .utf8)
        TestPaths.write(analysis, to: "analysis.yaml", in: folder)
        TestPaths.write("group-samples: {DrellYan: [DY]}\nlimit-chunks: 1\n", to: "ro.yaml", in: folder)
        let arguments = [
            "run", "--cfg", folder + "/analysis.yaml", "-o", folder + "/out", "-ro", folder + "/ro.yaml",
            "--process-separately",
        ]

        let first = try CommandResult.pocketCoffea(arguments)
        #expect(first.status == 1)
        #expect(first.stdout.contains("Working on group of datasets: DrellYan (2 datasets)"))
        #expect(first.stderr.contains("1 job(s) failed. Failed jobs saved to"), "\(first.stderr)")
        for name in ["DrellYan", "DATA_A"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/out/output_\(name).json"), "\(name)")
        }
        #expect(try JSONReader.parse(contentsOf: folder + "/out/failed_jobs.json") == .array([.string("LATE")]))

        try FileManager.default.copyItem(atPath: data + "/nano_data.root", toPath: folder + "/late.root")
        let second = try CommandResult.pocketCoffea(arguments + ["--resubmit-failed"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("Resubmitting 1 failed jobs: LATE"))
        #expect(!second.stdout.contains("Working on dataset: DATA_A"))
        #expect(FileManager.default.fileExists(atPath: folder + "/out/output_LATE.json"))
        #expect(try JSONReader.parse(contentsOf: folder + "/out/failed_jobs.json") == .array([]))
    }
}

/// `skip-bad-files`: an unreadable file is skipped, named and counted in the output; without it the run
/// stops with the file's address.
@Suite(.enabled(if: TestPaths.python(importing: "uproot") != nil, "needs .venv with uproot (make test creates it)"))
struct SkipBadFilesTests {
    @Test func anUnreadableFileIsSkippedOnlyWhenAsked() throws {
        try #require(LocalExampleTests.data, "example data could not be generated")
        let folder = TestPaths.scratchFolder("skip-bad")
        let data = TestPaths.repositoryFile(".example-data")
        TestPaths.write("not a ROOT file", to: "broken.root", in: folder)
        TestPaths.write(
            """
            {"DATA_A": {"files": ["\(data)/nano_data.root", "\(folder)/broken.root"],
                        "metadata": {"sample": "DATA", "year": "2018", "isMC": "False", "nevents": "200000"}}}
            """, to: "datasets.json", in: folder)
        let analysis = try String(
            contentsOfFile: TestPaths.repositoryFile("share/examples/local/analysis.yaml"), encoding: .utf8)
        TestPaths.write(analysis, to: "analysis.yaml", in: folder)
        let base = ["run", "--cfg", folder + "/analysis.yaml", "--chunksize", "100000"]

        let strict = try CommandResult.pocketCoffea(base + ["-o", folder + "/strict"])
        #expect(strict.status != 0)
        #expect(strict.stderr.contains("broken.root"), "\(strict.stderr)")
        #expect(strict.stderr.contains("not a ROOT file"))

        let lenient = try CommandResult.pocketCoffea(base + ["-o", folder + "/lenient", "--skip-bad-files"])
        #expect(lenient.status == 0, "\(lenient.stderr)")
        #expect(lenient.stderr.contains("skipped file: DATA_A | \(folder)/broken.root"), "\(lenient.stderr)")
        let output = try AnalysisOutput.read(from: folder + "/lenient/output_all.json")
        #expect(output.skippedFiles.count == 1)
        #expect(output.cutflow["DATA_A"]?.first?.events == 200_000)
    }

    /// A bad basket halfway through a file: with skip-bad-files its chunk is left out whole (not the
    /// pieces read before the bad basket), named with its entries, and not counted as processed; the
    /// file's other chunks count.
    @Test func aBadBasketSkipsItsChunkWhole() throws {
        try #require(LocalExampleTests.data, "example data could not be generated")
        let python = try #require(TestPaths.python(importing: "uproot"))
        let folder = TestPaths.scratchFolder("skip-bad-basket")
        let corrupt = folder + "/corrupt.root"
        try? FileManager.default.removeItem(atPath: corrupt)
        try FileManager.default.copyItem(
            atPath: TestPaths.repositoryFile(".example-data/nano_data.root"), toPath: corrupt)
        // Overwrite the payload of the Muon_pt basket holding entry 120,000, and print its entries.
        let script = """
            import sys, uproot
            branch = uproot.open(sys.argv[1])["Events"]["Muon_pt"]
            starts = list(branch.member("fBasketEntry"))
            i = max(k for k in range(branch.num_baskets) if starts[k] <= 120000)
            seek = int(branch.member("fBasketSeek")[i])
            with open(sys.argv[1], "r+b") as f:
                f.seek(seek + 100)
                f.write(b"\\xff" * 200)
            print(starts[i], starts[i + 1])
            """
        let corrupted = try CommandResult.run(python, ["-c", script, corrupt])
        try #require(corrupted.status == 0, "\(corrupted.stderr)")
        let basket = corrupted.stdout.split(separator: " ").compactMap {
            Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        try #require(basket.count == 2)
        TestPaths.write(
            """
            {"DATA_A": {"files": ["\(corrupt)"],
                        "metadata": {"sample": "DATA", "year": "2018", "isMC": "False", "nevents": "200000"}}}
            """, to: "datasets.json", in: folder)
        let analysis = try String(
            contentsOfFile: TestPaths.repositoryFile("share/examples/local/analysis.yaml"), encoding: .utf8)
        TestPaths.write(analysis, to: "analysis.yaml", in: folder)
        let run = try CommandResult.pocketCoffea([
            "run", "--cfg", folder + "/analysis.yaml", "--chunksize", "50000", "-o", folder + "/out",
            "--skip-bad-files",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let output = try AnalysisOutput.read(from: folder + "/out/output_all.json")
        let skipped = try #require(output.skippedFiles.first)
        #expect(output.skippedFiles.count == 1)
        // The chunk's entries, from the reason: "entries A..<B: …".
        let entries = skipped.reason.dropFirst("entries ".count).prefix { $0 != ":" }.split(separator: ".")
            .compactMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "<"))) }
        try #require(skipped.reason.hasPrefix("entries ") && entries.count == 2, "\(skipped.reason)")
        #expect(entries[0] <= basket[0] && basket[0] < entries[1], "basket \(basket) in chunk \(entries)")
        let kept = 200_000 - (entries[1] - entries[0])
        #expect(output.cutflow["DATA_A"]?.first?.events == Double(kept))
        #expect(output.processed["DATA_A"]?.events == kept)
        #expect(output.processed["DATA_A"]?.chunks == 3)
    }
}
