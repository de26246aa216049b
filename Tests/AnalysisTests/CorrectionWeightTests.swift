// Analysis tests: correctionlib weights end to end — `pocket-coffea run` with an event-level weight
// (pileup, with up/down) and a per-object weight (muon scale factors multiplied over the muons) on a
// generated file, against the same analysis in uproot + awkward + hist + correctionlib
// (scripts/reference/correction_weights.py); and the one-line errors for inputs of the wrong type.

import Analysis
import Configuration
import Executors
import Foundation
import TestSupport
import Testing

@Suite(
    .enabled(
        if: TestPaths.python(importing: "correctionlib") != nil && TestPaths.python(importing: "hist") != nil,
        "needs .venv with uproot, hist and correctionlib (scripts/install-test-deps.sh)"))
struct CorrectionWeightTests {
    static let crossSection = 2.5
    static let luminosity = 1000.0

    /// A folder with the events, the gzipped corrections, a dataset JSON and `analysis.yaml` using `definitions`.
    static func analysis(definitions: String) throws -> String {
        let folder = TestPaths.scratchFolder("correction-weights")
        let python = try #require(TestPaths.python(importing: "correctionlib"))
        let written = try CommandResult.run(
            python, [TestPaths.repositoryFile("scripts/reference/correction_weights.py"), "write", folder, "20000"])
        try #require(written.status == 0, "\(written.stderr)")
        TestPaths.write(
            """
            {"TestMC_2018": {"files": ["events.root"],
              "metadata": {"sample": "TestMC", "year": "2018", "isMC": "True", "xsec": "\(crossSection)", "nevents": "20000"}}}
            """, to: "datasets.json", in: folder)
        TestPaths.write(
            """
            datasets: {jsons: [datasets.json]}
            parameters: [{lumi: {picobarn: {"2018": \(luminosity)}}}]
            objects:
              MuonGood: {from: Muon, where: "pt > 10"}
            preselections: ["count(MuonGood) >= 1"]
            weights:
              inclusive: [genWeight, lumi, XS, pileup, muonSF]
              definitions:
            \(definitions)
            variations: [pileup, muonSF]
            variables:
              nTrueInt: {axes: [{expr: Pileup_nTrueInt, bins: 50, start: 0, stop: 100}]}
              lead_pt: {axes: [{expr: "MuonGood.pt[0]", bins: 40, start: 0, stop: 200}]}
            """, to: "analysis.yaml", in: folder)
        return folder
    }

    static let goodDefinitions = """
            pileup:
              file: corrections/weights.json.gz
              correction: pileup
              inputs: [Pileup_nTrueInt, "'nominal'"]
              up: [Pileup_nTrueInt, "'up'"]
              down: [Pileup_nTrueInt, "'down'"]
            muonSF:
              file: corrections/weights.json.gz
              correction: muon_sf
              inputs: [MuonGood.eta, MuonGood.pt, "'nominal'"]
              up: [MuonGood.eta, MuonGood.pt, "'systup'"]
              down: [MuonGood.eta, MuonGood.pt, "'systdown'"]
        """

    @Test func histogramsEqualTheCorrectionlibReference() throws {
        let folder = try Self.analysis(definitions: Self.goodDefinitions)
        let output = folder + "/out"
        let result = try CommandResult.pocketCoffea(
            ["run", "--cfg", folder + "/analysis.yaml", "-o", output, "-e", "iterative", "--chunksize", "3000"])
        try #require(result.status == 0, "\(result.stderr)")
        let python = try #require(TestPaths.python(importing: "correctionlib"))
        let reference = try CommandResult.run(
            python,
            [
                TestPaths.repositoryFile("scripts/reference/correction_weights.py"), "reference", folder,
                "\(Self.crossSection)", "\(Self.luminosity)",
            ])
        try #require(reference.status == 0, "\(reference.stderr)")
        let expected = try JSONReader.parse(reference.stdout)
        let histograms = try AnalysisOutput.read(from: output + "/output_all.json").histograms
        var compared = 0
        for variable in ["nTrueInt", "lead_pt"] {
            let histogram = try #require(histograms["hist/\(variable)"])
            let variations = try #require(histogram.axes[2].stringCategories)
            #expect(Set(variations) == ["nominal", "pileup_up", "pileup_down", "muonSF_up", "muonSF_down"])
            let bins = histogram.axes[3].extent
            for (v, variation) in variations.enumerated() {
                let wanted = try #require(expected[variable]?[variation])
                let values = (wanted["values"]?.arrayValue ?? []).compactMap(\.coercedDouble)
                let variances = (wanted["variances"]?.arrayValue ?? []).compactMap(\.coercedDouble)
                let start = v * bins
                #expect(values.count == bins)
                for bin in 0..<bins {
                    #expect(
                        Self.close(histogram.values[start + bin], values[bin]), "\(variable) \(variation) bin \(bin)")
                    #expect(
                        Self.close(histogram.variances[start + bin], variances[bin]),
                        "\(variable) \(variation) bin \(bin)")
                    compared += 1
                }
            }
        }
        #expect(compared == 5 * (52 + 42))
    }

    @Test func theBundledExampleRunsWithItsVariations() throws {
        try #require(LocalExampleTests.data, "example data could not be generated")
        let configurator = try AnalysisConfigurator.load(
            path: TestPaths.repositoryFile("share/examples/corrections/analysis.yaml")
        )
        .resolvingDatasets(extraFilter: DatasetFilter(), limitFiles: nil)
        let (options, _) = try RunOptionsResolver().resolve(
            executor: ExecutorSpec(name: "iterative"), commandLine: OrderedObject([("limit-chunks", .int(1))]))
        let result = try LocalRun(configurator: configurator, options: options, workers: 1).run(as: RecordingSink.self)
        let dataset = "DYJetsToLL_M-50_2018"
        var sums: [String: Double] = [:]
        for variation in ["nominal", "pileup_up", "pileup_down", "muonID_up", "muonID_down"] {
            let parts = try #require(result.fills["mll/\(dataset)/inclusive/\(variation)"], "\(variation) missing")
            sums[variation] = parts.reduce(0) { $0 + $1.1.reduce(0, +) }
        }
        let nominal = try #require(sums["nominal"])
        #expect(nominal > 0)
        for (variation, sum) in sums where variation != "nominal" { #expect(sum != nominal, "\(variation)") }
        #expect(try #require(sums["muonID_up"]) > nominal)
        #expect(try #require(sums["muonID_down"]) < nominal)
    }

    static func close(_ a: Double, _ b: Double) -> Bool { a == b || abs(a - b) <= 1e-9 * max(abs(a), abs(b)) }

    @Test(arguments: [
        (
            "      pileup: {file: corrections/weights.json.gz, correction: pileup, inputs: [\"'nominal'\", Pileup_nTrueInt]}",
            "weights.definitions.pileup.inputs[0]: weight 'pileup': input 0 of 'pileup' (NumTrueInteractions) is real, not the string 'nominal'"
        ),
        (
            "      pileup: {file: corrections/weights.json.gz, correction: pileup, inputs: [Pileup_nTrueInt, Pileup_nTrueInt]}",
            "weights.definitions.pileup.inputs[1]: weight 'pileup': input 1 of 'pileup' (weights) is a string"
        ),
        (
            "      pileup: {file: corrections/weights.json.gz, correction: pileup, inputs: [Pileup_nTrueInt]}",
            "weights.definitions.pileup.inputs: weight 'pileup': 'pileup' takes 2 inputs: NumTrueInteractions (real), weights (string)"
        ),
        (
            "      pileup: {file: corrections/weights.json.gz, correction: pileupp, inputs: [Pileup_nTrueInt, \"'nominal'\"]}",
            "weights.definitions.pileup.correction: weight 'pileup': no correction 'pileupp' in the set (it has: pileup, muon_sf)"
        ),
        (
            "      pileup: {file: corrections/missing.json, correction: pileup, inputs: [Pileup_nTrueInt, \"'nominal'\"]}",
            "missing.json: cannot read the file"
        ),
    ])
    func inputMistakesAreOneLineNamingTheWeight(definition: String, message: String) throws {
        let muon =
            "      muonSF: {file: corrections/weights.json.gz, correction: muon_sf, inputs: [MuonGood.eta, MuonGood.pt, \"'nominal'\"], up: [MuonGood.eta, MuonGood.pt, \"'systup'\"], down: [MuonGood.eta, MuonGood.pt, \"'systdown'\"]}"
        let folder = try Self.analysis(definitions: definition + "\n" + muon)
        let result = try CommandResult.pocketCoffea(
            ["run", "--cfg", folder + "/analysis.yaml", "-o", folder + "/out", "-e", "iterative"])
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/output_all.json"))
    }
}
