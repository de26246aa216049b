import Analysis
import Columnar
import Configuration
import Executors
import Foundation
import ROOTIO
import TestSupport
import Testing

/// Records what the processor reports, for comparison with the independent uproot + awkward + hist
/// implementation of the same analysis (scripts/reference/local_dimuon.py).
struct RecordingSink: MergeableResult {
    var cutflow: [String: [String: [Double]]] = [:]
    var generatorWeights: [String: [Double]] = [:]
    var fills: [String: [([Double], [Double])]] = [:]
    var skipped: [SkippedFile] = []

    init() {}

    mutating func declare(_ variable: VariablePlan, variations: [String]) {}

    mutating func addCutflow(dataset: String, step: String, weights: EventWeights) {
        let (sumw, sumw2) = weights.sums
        add(dataset, step, [Double(weights.count), sumw, sumw2])
    }

    mutating func add(_ dataset: String, _ step: String, _ row: [Double]) {
        let old = cutflow[dataset]?[step] ?? [0, 0, 0]
        cutflow[dataset, default: [:]][step] = [old[0] + row[0], old[1] + row[1], old[2] + row[2]]
    }

    mutating func addGeneratorWeights(dataset: String, sum: Double, signSum: Double) {
        let old = generatorWeights[dataset] ?? [0, 0]
        generatorWeights[dataset] = [old[0] + sum, old[1] + signSum]
    }

    mutating func fill(
        variable: String, dataset: String, category: String, variation: String, values: [[Double]], weights: [Double]?
    ) {
        let values = values.first ?? []
        fills["\(variable)/\(dataset)/\(category)/\(variation)", default: []].append(
            (values, weights ?? [Double](repeating: 1, count: values.count)))
    }

    mutating func merge(_ other: RecordingSink) throws {
        for (dataset, steps) in other.cutflow {
            for (step, row) in steps {
                add(dataset, step, row)
            }
        }
        for (dataset, sums) in other.generatorWeights {
            addGeneratorWeights(dataset: dataset, sum: sums[0], signSum: sums[1])
        }
        for (key, parts) in other.fills { fills[key, default: []] += parts }
        skipped += other.skipped
    }

    mutating func recordSkipped(_ skipped: SkippedFile) throws { self.skipped.append(skipped) }
    mutating func recordProcessed(dataset: DatasetInfo, events: Int64, chunks: Int) {}
    mutating func recordSkim(of dataset: Dataset, files: [SkimmedChunk]) {}
}

@Suite(
    .enabled(if: TestPaths.python(importing: "hist") != nil, "needs .venv with uproot and hist (make test creates it)"))
struct LocalExampleTests {
    static let data: Bool = {
        let result = try? CommandResult.run("/bin/bash", [TestPaths.repositoryFile("scripts/make-example-data.sh")])
        return result?.status == 0
    }()

    func run(workers: Int, chunksize: Int) throws -> RecordingSink {
        try #require(Self.data, "example data could not be generated")
        let configurator = try AnalysisConfigurator.load(
            path: TestPaths.repositoryFile("share/examples/local/analysis.yaml")
        )
        .resolvingDatasets(extraFilter: DatasetFilter(), limitFiles: nil)
        let (options, _) = try RunOptionsResolver().resolve(
            executor: ExecutorSpec(name: "iterative"), commandLine: OrderedObject([("chunksize", .int(chunksize))]))
        return try LocalRun(configurator: configurator, options: options, workers: workers).run(as: RecordingSink.self)
    }

    func reference(_ file: String, isMC: Bool) throws -> ConfigValue {
        let python = try #require(TestPaths.python(importing: "hist"))
        let result = try CommandResult.run(
            python,
            [
                TestPaths.repositoryFile("scripts/reference/local_dimuon.py"), TestPaths.repositoryFile(file),
                isMC ? "True" : "False", "6077.22", "59832.0",
            ])
        try #require(result.status == 0, "\(result.stderr)")
        return try JSONReader.parse(result.stdout)
    }

    static func close(_ a: Double, _ b: Double) -> Bool { a == b || abs(a - b) <= 1e-9 * max(abs(a), abs(b)) }

    @Test(arguments: [(1, 150_000), (2, 7_777)])
    func cutflowMatchesTheUprootReference(workers: Int, chunksize: Int) throws {
        let ours = try run(workers: workers, chunksize: chunksize)
        for (dataset, file, isMC) in [
            ("DYJetsToLL_M-50_2018", ".example-data/nano_mc.root", true),
            ("DATA_SingleMuon_2018_EraA", ".example-data/nano_data.root", false),
        ] {
            let expected = try reference(file, isMC: isMC)
            let steps = try #require(expected["cutflow"]?.objectValue)
            for (step, row) in steps.entries {
                let values = (row.arrayValue ?? []).compactMap { $0.coercedDouble }
                try #require(values.count == 3)
                let mine = try #require(ours.cutflow[dataset]?[step], "\(dataset) \(step) missing")
                for index in 0..<3 {
                    #expect(
                        Self.close(mine[index], values[index]),
                        "\(dataset) \(step)[\(index)]: \(mine[index]) vs \(values[index])")
                }
            }
        }
        #expect(ours.generatorWeights["DYJetsToLL_M-50_2018"]?[0] ?? 0 > 0)
        #expect(ours.generatorWeights["DATA_SingleMuon_2018_EraA"] == nil)
    }

    @Test func everyADLQueryCompilesAndRuns() throws {
        try #require(Self.data, "example data could not be generated")
        let folder = TestPaths.repositoryFile("share/examples/adl")
        let queries = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }
            .sorted()
        #expect(queries.count == 8)
        for query in queries {
            let configurator = try AnalysisConfigurator.load(path: folder + "/" + query)
                .resolvingDatasets(extraFilter: DatasetFilter(), limitFiles: nil)
            let (options, _) = try RunOptionsResolver().resolve(
                executor: ExecutorSpec(name: "iterative"), commandLine: OrderedObject([("limit-chunks", .int(1))]))
            let result = try LocalRun(configurator: configurator, options: options, workers: 1).run(
                as: RecordingSink.self)
            #expect(!result.fills.isEmpty, "\(query) filled nothing")
        }
    }
}

/// The whole chain from the command line: `pocket-coffea run` on the local example writes one UHI file
/// that `uhi validate` accepts and whose mll histograms equal the uproot + hist reference bin for bin.
@Suite(
    .enabled(
        if: TestPaths.python(importing: "hist") != nil, "needs .venv with uproot, hist and uhi (make test creates it)"))
struct LocalRunCommandTests {
    @Test(arguments: [["-e", "iterative"], ["-e", "futures", "-s", "2", "--chunksize", "30000"]])
    func histogramsEqualTheReferenceBinForBin(executor: [String]) throws {
        try #require(LocalExampleTests.data, "example data could not be generated")
        let folder = TestPaths.scratchFolder("local-run")
        let result = try CommandResult.pocketCoffea(
            ["run", "--cfg", TestPaths.repositoryFile("share/examples/local/analysis.yaml"), "-o", folder] + executor)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("0j_Zpeak"))
        let path = folder + "/output_all.json"
        let validate = try CommandResult.run(TestPaths.repositoryFile(".venv/bin/uhi"), ["validate", path])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        let output = try AnalysisOutput.read(from: path)
        let mll = try #require(output.histograms["hist/mll"])
        let datasets = try #require(mll.axes[0].stringCategories)
        let categories = try #require(mll.axes[1].stringCategories)
        let variations = try #require(mll.axes[2].stringCategories)
        let bins = mll.axes[3].extent
        for (dataset, file, isMC) in [
            ("DYJetsToLL_M-50_2018", ".example-data/nano_mc.root", true),
            ("DATA_SingleMuon_2018_EraA", ".example-data/nano_data.root", false),
        ] {
            let reference = try LocalExampleTests().reference(file, isMC: isMC)
            let d = try #require(datasets.firstIndex(of: dataset))
            for (c, category) in categories.enumerated() {
                for (v, variation) in variations.enumerated() {
                    guard let expected = reference["histograms"]?[category]?[variation] else {
                        #expect(
                            !isMC && variation != "nominal",
                            "\(dataset) \(category) \(variation) missing in the reference")
                        continue
                    }
                    let start = ((d * mll.axes[1].extent + c) * mll.axes[2].extent + v) * bins
                    let values = Array(mll.values[start..<start + bins])
                    let variances = Array(mll.variances[start..<start + bins])
                    let wanted = (expected["values"]?.arrayValue ?? []).compactMap(\.coercedDouble)
                    let wantedVariances = (expected["variances"]?.arrayValue ?? []).compactMap(\.coercedDouble)
                    #expect(
                        zip(values, wanted).allSatisfy { LocalExampleTests.close($0, $1) },
                        "\(dataset) \(category) \(variation) values")
                    #expect(
                        zip(variances, wantedVariances).allSatisfy { LocalExampleTests.close($0, $1) },
                        "\(dataset) \(category) \(variation) variances")
                    #expect(values.count == wanted.count)
                }
            }
        }
    }
}
