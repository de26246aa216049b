import Analysis
import Columnar
import Testing

/// Merging outputs: exact addition in any order, datasets united, metadata combined, and the
/// mismatches merge-outputs must report rather than merge.
@Suite struct AnalysisOutputMergeTests {
    static func jobs() throws -> [AnalysisOutput] {
        [
            try OutputSamples.job(1, datasets: ["DY_2018"], skipped: ["a.root"]),
            try OutputSamples.job(2, datasets: ["TT_2018", "DY_2018"]),
            try OutputSamples.job(3, datasets: ["DATA_SingleMuon_2018"], skipped: ["b.root", "c.root"]),
            try OutputSamples.job(4, datasets: ["TT_2018"]),
        ]
    }

    /// Every bin of every entry keyed by its category names and flat numeric index.
    static func bins(_ output: AnalysisOutput) -> [String: Double] {
        var result: [String: Double] = [:]
        for (name, histogram) in output.histograms {
            let extents = histogram.shape
            for flat in 0..<histogram.values.count {
                var rest = flat
                var key: [String] = []
                for (axis, extent) in zip(histogram.axes, extents).reversed() {
                    let index = rest % extent
                    rest /= extent
                    key.append(axis.stringCategories.map { $0[index] } ?? String(index))
                }
                let label = name + "/" + key.reversed().joined(separator: "/")
                result[label] = histogram.values[flat]
                if !histogram.variances.isEmpty { result[label + "/variance"] = histogram.variances[flat] }
            }
        }
        return result
    }

    @Test func anyOrderGivesTheSameSums() throws {
        let jobs = try Self.jobs()
        var forward = jobs[0]
        for job in jobs.dropFirst() { try forward.merge(job) }
        var backward = jobs[3]
        for job in jobs.dropLast().reversed() { try backward.merge(job) }
        let pairwise = try jobs[0].merged(with: jobs[2]).merged(with: try jobs[1].merged(with: jobs[3]))
        #expect(Self.bins(forward) == Self.bins(backward))
        #expect(Self.bins(forward) == Self.bins(pairwise))
        #expect(forward.variables["mll"]?.axes[0].stringCategories == ["DY_2018", "TT_2018", "DATA_SingleMuon_2018"])
        #expect(forward.processed["DY_2018"] == AnalysisOutput.Processed(events: 400, chunks: 4, files: 2))
        #expect(forward.skippedFiles.map(\.file) == ["a.root", "b.root", "c.root"])
        #expect(backward.skippedFiles.map(\.file) == ["b.root", "c.root", "a.root"])
        #expect(forward.wallTime == 1.25 + 2.25 + 3.25 + 4.25)
        #expect(forward.datasets["TT_2018"] == OutputSamples.metadata("TT_2018"))
        let total: Double = jobs.map(Self.initialEvents).reduce(0, +)
        #expect(Self.initialEvents(forward) == total)
    }

    static func initialEvents(_ output: AnalysisOutput) -> Double {
        output.cutflow.values.flatMap { $0 }.filter { $0.step == "initial" }.map(\.events).reduce(0, +)
    }

    @Test func emptyIsNeutralAndTwiceDoubles() throws {
        let job = try OutputSamples.job(5, datasets: ["DY_2018", "TT_2018"])
        var withEmpty = job
        try withEmpty.merge(AnalysisOutput(version: "0.1.0"))
        #expect(withEmpty == job)
        let twice = try job.merged(with: job)
        let (once, doubled) = (Self.bins(job), Self.bins(twice))
        #expect(once.keys.sorted() == doubled.keys.sorted())
        for (bin, value) in once { #expect(doubled[bin] == 2 * value, "\(bin)") }
        #expect(twice.skippedFiles.count == 2 * job.skippedFiles.count)
    }

    @Test func versionsAreJoined() throws {
        var a = AnalysisOutput(version: "0.1.0")
        try a.merge(AnalysisOutput(version: "0.2.0"))
        try a.merge(AnalysisOutput(version: "0.1.0"))
        #expect(a.version == "0.1.0,0.2.0")
    }

    @Test func mismatchesAreReportedAndNothingChanges() throws {
        let base = try OutputSamples.job(1, datasets: ["DY_2018"])
        var rebinned = AnalysisOutput(version: "0.1.0")
        try rebinned.declare(
            variable: "mll", axes: [try .regular(bins: 24, lower: 60, upper: 120, name: "mll")],
            variations: OutputSamples.variations, categories: OutputSamples.categories)
        var recategorized = AnalysisOutput(version: "0.1.0")
        try recategorized.declare(
            variable: "mll", axes: try OutputSamples.mllAxes(), variations: OutputSamples.variations,
            categories: ["inclusive"])
        var revaried = AnalysisOutput(version: "0.1.0")
        try revaried.declare(
            variable: "mll", axes: try OutputSamples.mllAxes(), variations: ["nominal"],
            categories: OutputSamples.categories)
        var conflicting = AnalysisOutput(version: "0.1.0")
        try conflicting.declare(dataset: "DY_2018", metadata: ["xsec": 1.0])
        let cases: [(AnalysisOutput, AnalysisOutputError.Code, String)] = [
            (
                rebinned, .incompatible,
                "histogram 'hist/mll': axis 'mll' is regular (12 bins over [60.0, 120.0), flow: under, over) here and regular (24 bins over [60.0, 120.0), flow: under, over) in the other histogram"
            ),
            (
                recategorized, .incompatible,
                "histogram 'hist/mll': axis 'category' has categories [\"inclusive\", \"2jets\"] here and [\"inclusive\"] in the other histogram, and does not grow"
            ),
            (
                revaried, .incompatible,
                "histogram 'hist/mll': axis 'variation' has categories [\"nominal\", \"sf_up\", \"sf_down\"] here and [\"nominal\"] in the other histogram, and does not grow"
            ),
            (
                conflicting, .conflictingMetadata,
                "dataset 'DY_2018': metadata 'xsec' is '6077.22' in one output and '1.0' in the other"
            ),
        ]
        for (other, code, message) in cases {
            var merged = base
            let error = #expect(throws: AnalysisOutputError.self) { try merged.merge(other) }
            #expect(error?.code == code)
            #expect(error?.message == message)
            #expect(merged == base)
        }
    }

    @Test func growingCategoriesMustHoldTheSameNames() throws {
        func output(_ categories: [String]) throws -> AnalysisOutput {
            var output = AnalysisOutput(version: "0.1.0")
            try output.declare(
                variable: "x", axes: [try .regular(bins: 1, lower: 0, upper: 1, name: "x")], variations: ["nominal"])
            for category in categories {
                try output.fill(
                    variable: "x", dataset: "DY", category: category, variation: "nominal", values: [[0.5]],
                    weights: [1])
            }
            return output
        }
        var a = try output(["a", "b"])
        try a.merge(try output(["b", "a"]))
        try a.merge(try output([]))
        #expect(a.variables["x"]?.values.reduce(0, +) == 4)
        let error = #expect(throws: AnalysisOutputError.self) { try a.merge(try output(["a", "c"])) }
        #expect(
            error?.message
                == "histogram 'hist/x': categories [\"a\", \"b\"] here and [\"a\", \"c\"] in the other output (different configurations?)"
        )
    }
}

/// `merge-outputs --replace`: datasets of a later output replace those of the base.
@Suite struct AnalysisOutputReplaceTests {
    @Test func replacedDatasetsEqualTheNewOutputs() throws {
        let base = try OutputSamples.job(1, datasets: ["DY_2018", "TT_2018"], skipped: ["a.root"])
        let rerun = try OutputSamples.job(8, datasets: ["TT_2018", "WW_2018"])
        var replaced = base
        try replaced.replaceDatasets(with: rerun)
        var expected = try OutputSamples.job(1, datasets: ["DY_2018"], skipped: ["a.root"])
        try expected.merge(rerun)
        #expect(replaced.datasetNames == ["DY_2018", "TT_2018", "WW_2018"])
        #expect(AnalysisOutputMergeTests.bins(replaced) == AnalysisOutputMergeTests.bins(expected))
        #expect(replaced.skippedFiles == expected.skippedFiles)
        #expect(replaced.processed == expected.processed)
    }

    @Test func removingDatasetsKeepsTheOthersBins() throws {
        var output = try OutputSamples.job(2, datasets: ["DY_2018", "TT_2018", "WW_2018"])
        let only = try OutputSamples.job(2, datasets: ["DY_2018", "TT_2018", "WW_2018"])
        output.remove(datasets: ["TT_2018"])
        #expect(output.variables["mll"]?.axes[0].stringCategories == ["DY_2018", "WW_2018"])
        let before = AnalysisOutputMergeTests.bins(only).filter {
            !$0.key.contains("TT_2018") && !$0.key.hasPrefix("datasets")
        }
        let after = AnalysisOutputMergeTests.bins(output).filter { !$0.key.hasPrefix("datasets") }
        #expect(after == before)
        #expect(output.datasets["TT_2018"] == nil && output.processed["TT_2018"] == nil)
    }
}
