import Analysis
import Columnar
import Configuration
import Testing

/// Building an output as the processor does: declarations, cutflow, sums, fills and records.
@Suite struct AnalysisOutputTests {
    @Test func buildsEveryEntry() throws {
        let output = try OutputSamples.job(
            1, datasets: ["DYJetsToLL_M-50", "DATA_SingleMuon"], skipped: ["root://a//f.root"])
        #expect(output.variables.keys.sorted() == ["mll", "muon_pt_eta"])
        let mll = try #require(output.variables["mll"])
        #expect(mll.axes.map(\.name) == ["dataset", "category", "variation", "mll"])
        #expect(mll.axes[0].stringCategories == ["DYJetsToLL_M-50", "DATA_SingleMuon"])
        #expect(mll.axes[2].stringCategories == OutputSamples.variations)
        #expect(output.cutflowEvents.axes[1].stringCategories == ["initial", "skim", "presel", "inclusive", "2jets"])
        #expect(output.cutflow["DATA_SingleMuon"]?.map(\.events) == [200, 150, 90, 90, 30])
        #expect(output.processed["DATA_SingleMuon"] == AnalysisOutput.Processed(events: 200, chunks: 2, files: 1))
        #expect(
            output.skippedFiles.map(\.description) == [
                "DYJetsToLL_M-50 | root://a//f.root | [ERROR] Server responded with an error: [3011] No servers are available to read the file."
            ])
        #expect(
            output.histograms.keys.sorted() == [
                "cutflow/events", "cutflow/sumw", "datasets", "hist/mll", "hist/muon_pt_eta", "processing",
                "sum_genweights",
                "sum_signOf_genweights",
            ])
        let datasets = try #require(output.histograms["datasets"])
        #expect(datasets.metadata["sample:DYJetsToLL_M-50"] == "DYJetsToLL")
        #expect(datasets.metadata["isMC:DATA_SingleMuon"] == false)
        #expect(datasets.metadata["skipped_file.0:DYJetsToLL_M-50"] == "root://a//f.root")
    }

    @Test func cutflowSumsAreTheWeightsInOrder() throws {
        var output = AnalysisOutput(version: "0.1.0")
        output.addCutflow(dataset: "DY", step: "initial", weights: [0.1, 0.2, -0.3])
        output.addCutflow(dataset: "DY", step: "initial", weights: [1])
        #expect(output.cutflowEvents.values == [4])
        #expect(output.cutflowSumw.values == [((0.1 + 0.2) + -0.3) + 1])
        #expect(output.cutflowSumw.variances == [((0.01 + 0.04000000000000001) + 0.09) + 1])
    }

    /// Unit weights are summed by counting; one weight of 2 anywhere (in the eight-at-a-time part or the
    /// tail of the check) must still be seen.
    @Test(arguments: [(0, 0), (1, 0), (8, 7), (9, 8), (17, 3), (17, 16), (24, 23)])
    func aWeightOtherThanOneIsSeenAnywhere(count: Int, position: Int) throws {
        var output = AnalysisOutput(version: "0.1.0")
        var weights = [Double](repeating: 1, count: count)
        if count > 0 { weights[position] = 2 }
        output.addCutflow(dataset: "DY", step: "initial", weights: weights)
        let extra = count > 0 ? 1.0 : 0
        #expect(output.cutflowSumw.values == [Double(count) + extra])
        #expect(output.cutflowSumw.variances == [Double(count) + 3 * extra])
    }

    @Test func declarationsAndFillsAreChecked() throws {
        var output = try OutputSamples.declared()
        try output.declare(variable: "mll", axes: try OutputSamples.mllAxes(), variations: OutputSamples.variations)
        let cases: [(String, () throws -> Void)] = [
            (
                "variable 'mll' is already declared with other axes or variations",
                { try output.declare(variable: "mll", axes: try OutputSamples.ptEtaAxes(), variations: ["nominal"]) }
            ),
            (
                "variable 'x': axis 'dataset' must be numeric and not named dataset, category, variation",
                {
                    try output.declare(
                        variable: "x", axes: [try .regular(bins: 1, lower: 0, upper: 1, name: "dataset")],
                        variations: [])
                }
            ),
            (
                "variable 'x': axis 's' must be numeric and not named dataset, category, variation",
                { try output.declare(variable: "x", axes: [try .stringCategory(["a"], name: "s")], variations: []) }
            ),
            (
                "variable 'nope' was not declared",
                {
                    try output.fill(
                        variable: "nope", dataset: "DY", category: "inclusive", variation: "nominal", values: [[]],
                        weights: [])
                }
            ),
            (
                "variable 'mll': variation 'jes_up' was not declared",
                {
                    try output.fill(
                        variable: "mll", dataset: "DY", category: "inclusive", variation: "jes_up", values: [[1]],
                        weights: [1])
                }
            ),
            (
                "variable 'mll': category '3jets' was not declared",
                {
                    try output.fill(
                        variable: "mll", dataset: "DY", category: "3jets", variation: "nominal", values: [[1]],
                        weights: [1])
                }
            ),
            (
                "variable 'mll': 2 arrays of numbers for 1 numeric axes",
                {
                    try output.fill(
                        variable: "mll", dataset: "DY", category: "2jets", variation: "nominal", values: [[1], [2]],
                        weights: [1])
                }
            ),
            (
                "dataset 'DY': metadata key 'a:b' is empty, contains ':' or is reserved",
                { try output.declare(dataset: "DY", metadata: ["a:b": 1]) }
            ),
        ]
        for (message, call) in cases {
            let error = #expect(throws: AnalysisOutputError.self) { try call() }
            #expect(error?.code == .invalidUse)
            #expect(error?.message == message)
        }
        #expect(output.variables["mll"]?.values.allSatisfy { $0 == 0 } == true)
    }

    @Test func growingCategoriesWhenNotDeclared() throws {
        var output = AnalysisOutput()
        #expect(output.version == Release.version)
        try output.declare(
            variable: "x", axes: [try .regular(bins: 2, lower: 0, upper: 2, name: "x")], variations: ["nominal"])
        try output.fill(
            variable: "x", dataset: "DY", category: "b", variation: "nominal", values: [[0.5]], weights: [2])
        try output.fill(
            variable: "x", dataset: "DY", category: "a", variation: "nominal", values: [[1.5]], weights: [3])
        #expect(output.variables["x"]?.axes[1].stringCategories == ["b", "a"])
        #expect(output.variables["x"]?.values == [0, 2, 0, 0, 0, 0, 3, 0])
    }

    @Test func datasetMetadataFromADatasetDefinition() throws {
        let dataset = Dataset(
            name: "TTTo2L2Nu_2018", files: ["a.root"],
            metadata: OrderedObject([
                ("sample", .string("TTTo2L2Nu")), ("year", .string("2018")), ("isMC", .string("True")),
                ("xsec", .string("88.29")), ("nevents", .string("1000")),
                ("das_names", .array([.string("/TT/A/NANOAODSIM"), .string("/TT/B/NANOAODSIM")])),
                ("part", .int(3)), ("nested", .object(OrderedObject())),
            ]))
        let metadata = AnalysisOutput.metadata(of: dataset)
        #expect(
            metadata == [
                "sample": "TTTo2L2Nu", "year": "2018", "isMC": true, "xsec": 88.29, "nevents": 1000,
                "das_names": "/TT/A/NANOAODSIM,/TT/B/NANOAODSIM", "part": 3,
            ])
        var output = AnalysisOutput()
        try output.declare(dataset: dataset.name, metadata: metadata)
        try output.declare(dataset: dataset.name, metadata: ["sample": "TTTo2L2Nu"])
        let error = #expect(throws: AnalysisOutputError.self) {
            try output.declare(dataset: dataset.name, metadata: ["xsec": 90.0])
        }
        #expect(error?.code == .conflictingMetadata)
        #expect(
            error?.message
                == "dataset 'TTTo2L2Nu_2018': metadata 'xsec' is '88.29' in one output and '90.0' in the other")
    }
}
