import Analysis
import Foundation
import TestSupport
import Testing

/// `merge-outputs -m/-cd/-n`: past half the memory budget the merge so far goes to the cache folder as a
/// partial merge; merging the partials gives what one merge gives. `-n` changes how many outputs are
/// decoded ahead, never the result.
@Suite(.enabled(if: TestPaths.python(importing: "uproot") != nil, "needs .venv with uproot (make test creates it)"))
struct MergeBudgetTests {
    /// Three outputs of the local example (one chunk each, the same events: they add exactly).
    static func outputs(in folder: String) throws -> [String] {
        let analysis = TestPaths.repositoryFile("share/examples/local/analysis.yaml")
        return try (0..<3).map { index in
            let out = "\(folder)/run\(index)"
            let result = try CommandResult.pocketCoffea(["run", "--cfg", analysis, "-o", out, "-lc", "1"])
            #expect(result.status == 0, "\(result.stderr)")
            return out + "/output_all.json"
        }
    }

    @Test func aSmallBudgetWritesPartialMergesThatMergeToTheWhole() throws {
        try #require(LocalExampleTests.data, "example data could not be generated")
        let folder = TestPaths.scratchFolder("merge-budget")
        let inputs = try Self.outputs(in: folder)
        let whole = try CommandResult.pocketCoffea(["merge-outputs"] + inputs + ["-o", folder + "/whole.zip"])
        #expect(whole.status == 0, "\(whole.stderr)")

        let target = folder + "/budget.zip"
        let split = try CommandResult.pocketCoffea(
            ["merge-outputs"] + inputs + ["-o", target, "-m", "0.000001", "-cd", folder + "/cache"])
        #expect(split.status == 0, "\(split.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target), "the target is left to the merge of the partials")
        let partials = (0..<3).map { "\(folder)/cache/merge_\($0).zip" }
        for partial in partials { #expect(FileManager.default.fileExists(atPath: partial), "\(split.stdout)") }
        #expect(
            split.stdout.contains("merge-outputs \(partials.joined(separator: " ")) -o \(target)"), "\(split.stdout)")

        let again = try CommandResult.pocketCoffea(["merge-outputs"] + partials + ["-o", target])
        #expect(again.status == 0, "\(again.stderr)")
        let (merged, single) = (
            try AnalysisOutput.read(from: target), try AnalysisOutput.read(from: folder + "/whole.zip")
        )
        #expect(merged.histograms.keys.sorted() == single.histograms.keys.sorted())
        let physics = ["hist/", "cutflow/", "sum_"]
        for (name, histogram) in single.histograms where physics.contains(where: name.hasPrefix) {
            #expect(merged.histograms[name]?.values == histogram.values, "\(name)")
            #expect(merged.histograms[name]?.variances == histogram.variances, "\(name)")
        }
    }

    @Test func partialsMergedAgainNeverOverwriteTheirInputs() throws {
        try #require(LocalExampleTests.data, "example data could not be generated")
        let folder = TestPaths.scratchFolder("merge-partials")
        let inputs = try Self.outputs(in: folder)
        let target = folder + "/budget.zip"
        let first = try CommandResult.pocketCoffea(["merge-outputs"] + inputs + ["-o", target, "-m", "0.000001"])
        #expect(first.status == 0, "\(first.stderr)")
        let partials = (0..<3).map { "\(folder)/merge_cache/merge_\($0).zip" }
        let before = try partials.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        // The same small budget again: the new partials land in the same folder, under other names.
        let again = try CommandResult.pocketCoffea(["merge-outputs"] + partials + ["-o", target, "-m", "0.000001"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try partials.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == before)
        for number in 3..<6 {
            #expect(
                FileManager.default.fileExists(atPath: "\(folder)/merge_cache/merge_\(number).zip"), "\(again.stdout)")
        }
    }

    /// A mismatch found while later files are already being decoded ends with the one-line error, not a
    /// crash of the read-ahead.
    @Test func anEarlyMismatchEndsWithItsErrorWhileFilesAreReadAhead() throws {
        try #require(LocalExampleTests.data, "example data could not be generated")
        let folder = TestPaths.scratchFolder("merge-mismatch")
        let analysis = try String(
            contentsOfFile: TestPaths.repositoryFile("share/examples/local/analysis.yaml"), encoding: .utf8)
        let datasets = try String(
            contentsOfFile: TestPaths.repositoryFile("share/examples/local/datasets.json"), encoding: .utf8
        ).replacingOccurrences(of: "../../../.example-data", with: TestPaths.repositoryFile(".example-data"))
        for (name, text) in [
            ("wide", analysis), ("narrow", analysis.replacingOccurrences(of: "bins: 120", with: "bins: 60")),
        ] {
            TestPaths.write(text, to: "\(name)/analysis.yaml", in: folder)
            TestPaths.write(datasets, to: "\(name)/datasets.json", in: folder)
            let result = try CommandResult.pocketCoffea([
                "run", "--cfg", "\(folder)/\(name)/analysis.yaml", "-o", "\(folder)/\(name)/out", "-lc", "1",
            ])
            #expect(result.status == 0, "\(result.stderr)")
        }
        // The wider binning makes the largest file, merged first; every narrow copy after it mismatches.
        var inputs = ["\(folder)/wide/out/output_all.json"]
        for copy in 0..<12 {
            let path = "\(folder)/narrow-\(copy).json"
            try FileManager.default.copyItem(atPath: "\(folder)/narrow/out/output_all.json", toPath: path)
            inputs.append(path)
        }
        let merge = try CommandResult.pocketCoffea(["merge-outputs"] + inputs + ["-o", folder + "/m.json", "-n", "8"])
        #expect(merge.status == 1, "\(merge.stderr)")
        #expect(merge.stderr.contains("hist/mll"), "\(merge.stderr)")
    }

    @Test func readAheadNeverChangesTheResult() throws {
        try #require(LocalExampleTests.data, "example data could not be generated")
        let folder = TestPaths.scratchFolder("merge-ahead")
        let inputs = try Self.outputs(in: folder)
        var bytes: [Data] = []
        for (index, ahead) in ["1", "2", "7"].enumerated() {
            let out = "\(folder)/merged\(index).zip"
            let result = try CommandResult.pocketCoffea(["merge-outputs"] + inputs + ["-o", out, "-n", ahead])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("Merged 3 of 3 outputs: "), "\(result.stdout)")
            #expect(result.stdout.contains(" events processed, sum of weights "), "\(result.stdout)")
            #expect(result.stdout.contains("uhi.io.zip.read(zipfile.ZipFile('\(out)'), 'hist/"), "\(result.stdout)")
            bytes.append(try Data(contentsOf: URL(fileURLWithPath: out)))
        }
        #expect(bytes[0] == bytes[1] && bytes[1] == bytes[2])
    }

    @Test(arguments: [["-n", "0"], ["-m", "0"], ["-m", "-2"], ["-m", "inf"], ["-m", "nan"]])
    func badBudgetsAreOneLineErrors(option: [String]) throws {
        let result = try CommandResult.pocketCoffea(["merge-outputs", "a.json", "b.json"] + option)
        #expect(result.status != 0)
        #expect(result.stderr.contains(option[0]), "\(result.stderr)")
    }
}
