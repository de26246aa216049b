import Analysis
import Columnar
import Foundation
import TestSupport
import Testing

/// The whole chain on the local example: `run -e condor@lxplus` compiles jobs, the HTCondor simulator
/// (linked as condor_submit on PATH) runs them — each job runs the processor on its config_job_N.json —
/// `merge-outputs -jc` adds their outputs, and the merged histograms and cutflow equal those of one
/// local iterative run over the same fileset, bin for bin.
@Suite(.enabled(if: TestPaths.python(importing: "hist") != nil, "needs .venv with uproot (make test creates it)"))
struct ChainTests {
    @Test func jobsThenMergeEqualOneLocalRun() throws {
        try #require(LocalExampleTests.data, "example data could not be generated")
        let folder = TestPaths.scratchFolder("chain")
        try FileManager.default.createDirectory(atPath: folder + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: folder + "/bin/condor_submit", withDestinationPath: TestPaths.binary)
        let environment = [
            "PATH": folder + "/bin:/usr/bin:/bin", "CONDOR_SIM_STATE": folder + "/state",
            "CONDOR_SIM_TIME_SCALE": "0.01",
            "HOME": folder,
        ]
        let analysis = TestPaths.repositoryFile("share/examples/local/analysis.yaml")
        let submit = try CommandResult.pocketCoffea(
            [
                "run", "--cfg", analysis, "-o", folder + "/batch", "-e", "condor@lxplus", "-s", "2",
                "--ignore-grid-certificate=true", "--chunksize", "40000",
            ], environment: environment)
        #expect(submit.status == 0, "\(submit.stderr)")
        #expect(submit.stdout.contains("2 job(s) submitted to cluster"))
        let wait = try CommandResult.pocketCoffea(["condor-sim", "wait"], environment: environment)
        #expect(wait.status == 0, "\(wait.stderr)")
        for job in 0..<2 {
            #expect(
                FileManager.default.fileExists(atPath: folder + "/batch/job/job_\(job).done"), "job \(job) not done")
        }
        let merge = try CommandResult.pocketCoffea(
            ["merge-outputs", "-jc", folder + "/batch/job"], environment: environment)
        #expect(merge.status == 0, "\(merge.stderr)")
        let local = try CommandResult.pocketCoffea([
            "run", "--cfg", analysis, "-o", folder + "/local", "-e", "iterative",
        ])
        #expect(local.status == 0, "\(local.stderr)")

        let merged = try AnalysisOutput.read(from: folder + "/batch/output_merged.json")
        let single = try AnalysisOutput.read(from: folder + "/local/output_all.json")
        #expect(Set(merged.histograms.keys) == Set(single.histograms.keys))
        // Physics results only: the processing record (chunks, wall time) depends on how jobs were cut.
        for (name, histogram) in single.histograms
        where name.hasPrefix("hist/") || name.hasPrefix("cutflow/") || name.hasPrefix("sum_") {
            let other = try #require(merged.histograms[name])
            let (mine, theirs) = (Self.bins(other), Self.bins(histogram))
            #expect(Set(mine.keys) == Set(theirs.keys), "\(name) bins")
            for (bin, expected) in theirs {
                let got = mine[bin] ?? []
                // Chunks of different sizes add the same weights in another order: equal to 1e-9.
                #expect(
                    got.count == 2 && zip(got, expected).allSatisfy { LocalExampleTests.close($0, $1) },
                    "\(name) \(bin)")
            }
        }
        let refused = try CommandResult.pocketCoffea(["merge-outputs", "-jc", folder + "/batch/job"])
        #expect(refused.status != 0 && refused.stderr.contains("pass -f to overwrite"))
        try FileManager.default.removeItem(atPath: folder + "/batch/output_job_1.json")
        let missing = try CommandResult.pocketCoffea([
            "merge-outputs", "-jc", folder + "/batch/job", "-f", "--mark-failed",
        ])
        #expect(missing.status != 0 && missing.stderr.contains("job_1"), "\(missing.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder + "/batch/job/job_1.failed"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/batch/job/job_1.done"))
    }

    /// Every bin by its category names and numeric index, so category order does not matter.
    static func bins(_ histogram: Histogram) -> [String: [Double]] {
        var result: [String: [Double]] = [:]
        let extents = histogram.axes.map(\.extent)
        let total = extents.reduce(1, *)
        for flat in 0..<total {
            var rest = flat
            var key: [String] = []
            for (axis, extent) in zip(histogram.axes, extents).reversed() {
                let index = rest % extent
                rest /= extent
                key.insert(axis.stringCategories.map { index < $0.count ? $0[index] : "flow" } ?? String(index), at: 0)
            }
            let value = histogram.values[flat]
            let variance = histogram.variances.isEmpty ? 0 : histogram.variances[flat]
            guard value != 0 || variance != 0 else { continue }
            result[key.joined(separator: "/")] = [value, variance]
        }
        return result
    }
}

/// `merge-outputs --replace`: the datasets of later files replace the first file's instead of adding.
@Suite(.enabled(if: TestPaths.python(importing: "uproot") != nil, "needs .venv with uproot (make test creates it)"))
struct MergeReplaceTests {
    @Test func laterDatasetsReplaceEarlierOnes() throws {
        try #require(LocalExampleTests.data, "example data could not be generated")
        let folder = TestPaths.scratchFolder("replace")
        let analysis = TestPaths.repositoryFile("share/examples/local/analysis.yaml")
        for run in ["first", "second"] {
            let result = try CommandResult.pocketCoffea([
                "run", "--cfg", analysis, "-o", folder + "/" + run, "-lc", "1",
            ])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let inputs = [folder + "/first/output_all.json", folder + "/second/output_all.json"]
        let added = try CommandResult.pocketCoffea(["merge-outputs"] + inputs + ["-o", folder + "/added.json"])
        let replaced = try CommandResult.pocketCoffea(
            ["merge-outputs", "--replace"] + inputs + ["-o", folder + "/replaced.json"])
        #expect(added.status == 0 && replaced.status == 0, "\(added.stderr)\(replaced.stderr)")
        let single = try AnalysisOutput.read(from: inputs[0]).cutflow
        let sum = try AnalysisOutput.read(from: folder + "/added.json").cutflow
        let replacement = try AnalysisOutput.read(from: folder + "/replaced.json").cutflow
        for (dataset, steps) in single {
            #expect(sum[dataset]?.first?.events == 2 * (steps.first?.events ?? 0))
            #expect(replacement[dataset]?.first?.events == steps.first?.events)
        }
    }
}
