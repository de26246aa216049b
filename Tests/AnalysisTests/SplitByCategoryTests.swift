// split-by-category through the whole chain: jobs compiled with the run option split-by-category run
// on the HTCondor simulator and each copies one output per category; `merge-outputs -jc` merges them
// per category, and each merged output equals one local run's output restricted to that category.

import Analysis
import Columnar
import Foundation
import TestSupport
import Testing

@Suite(.enabled(if: TestPaths.python(importing: "awkward") != nil, "needs .venv with uproot (make test creates it)"))
struct SplitByCategoryTests {
    @Test(.timeLimit(.minutes(3)))
    func jobsSplitByCategoryMergePerCategory() throws {
        let folder = TestPaths.scratchFolder("split")
        try ExampleFileset.write(in: folder, events: 15000, seeds: (21, 22), extra: "\ncolumns: {inclusive: [mll]}\n")
        TestPaths.write("split-by-category: true\nignore-grid-certificate: true\n", to: "ro.yaml", in: folder)
        let sandbox = try CondorSimulatorSandbox("split-condor")

        let submit = try CommandResult.pocketCoffea(
            [
                "run", "--cfg", folder + "/analysis.yaml", "-o", folder + "/batch", "-e", "condor@lxplus", "-s", "2",
                "-ro", folder + "/ro.yaml", "--chunksize", "4000",
            ], environment: sandbox.environment)
        #expect(submit.status == 0, "\(submit.stderr)")
        try sandbox.wait(timeout: 120)
        let merge = try CommandResult.pocketCoffea(["merge-outputs", "-jc", folder + "/batch"])
        #expect(merge.status == 0, "\(merge.stderr)")
        let local = try CommandResult.pocketCoffea([
            "run", "--cfg", folder + "/analysis.yaml", "-o", folder + "/local", "-e", "iterative", "-ro",
            folder + "/ro.yaml",
        ])
        #expect(local.status == 0, "\(local.stderr)")

        let whole = try AnalysisOutput.read(from: folder + "/local/output_all.json")
        let categories = whole.categoryNames
        #expect(categories.count == 7, "\(categories)")
        for category in categories {
            let merged = try AnalysisOutput.read(from: folder + "/batch/output_merged_\(category).zip")
            #expect(merged.categoryNames == [category])
            try ChainTests.expectSamePhysics(merged, whole.restricted(toCategory: category))
            let single = try AnalysisOutput.read(from: folder + "/local/output_\(category).json")
            #expect(single.categoryNames == [category])
        }

        // The jobs' saved columns travel with their outputs and are merged too.
        for file in ["output_job_0.columns.root", "output_job_1.columns.root", "output_merged.columns.root"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/batch/" + file), "\(file)")
        }

        try FileManager.default.removeItem(atPath: folder + "/batch/output_inclusive_job_1.zip")
        let incomplete = try CommandResult.pocketCoffea(["merge-outputs", "-jc", folder + "/batch", "-f"])
        #expect(incomplete.status != 0, "\(incomplete.stdout)")
        #expect(incomplete.stderr.contains("job_1: \(folder)/batch/output_inclusive_job_1.zip: missing"))
    }
}
