import Analysis
import Columnar
import Configuration
import Executors
import Foundation
import TestSupport
import Testing

/// Skim mode end to end: the files it writes hold exactly the events an uproot selection keeps, every
/// branch bit for bit (uproot as the independent reader), and the analysis on them gives the
/// histograms of the analysis on the original files.
@Suite(.enabled(if: TestPaths.python(importing: "uproot") != nil, "needs .venv with uproot (make test creates it)"))
struct SkimTests {
    /// One dataset of a test: name, MC or data, files and declared events.
    struct Input {
        var name: String
        var isMC: Bool
        var files: [String]
        var nevents: Int

        var json: String {
            let list = files.map { "\"\($0)\"" }.joined(separator: ", ")
            return """
                "\(name)": {"files": [\(list)], "metadata": {"sample": "\(name)", "year": "2018", \
                "isMC": "\(isMC ? "True" : "False")", "xsec": "2.5", "nevents": "\(nevents)"}}
                """
        }
    }

    static func datasetsJSON(_ inputs: [Input], in folder: String) -> String {
        TestPaths.write("{" + inputs.map(\.json).joined(separator: ",\n") + "}\n", to: "datasets.json", in: folder)
    }

    /// Runs `yaml` (a configurator) locally with `workers` and `chunksize`.
    static func run(_ yaml: String, in folder: String, chunksize: Int, workers: Int = 2) throws -> AnalysisOutput {
        let path = TestPaths.write(yaml, to: "config-\(UUID().uuidString.prefix(6)).yaml", in: folder)
        let configurator = try AnalysisConfigurator.load(path: path).resolvingDatasets()
        let (options, _) = try RunOptionsResolver().resolve(
            executor: ExecutorSpec(name: "futures"), commandLine: OrderedObject([("chunksize", .int(chunksize))]))
        return try LocalRun(configurator: configurator, options: options, workers: workers).run(as: AnalysisOutput.self)
    }

    /// Skims `inputs` with `cuts` and checks every dataset's files against uproot.
    func skimAndCompare(_ inputs: [Input], cuts: [String], pythonCut: String, chunksize: Int) throws {
        let folder = TestPaths.scratchFolder("skim")
        let datasets = Self.datasetsJSON(inputs, in: folder)
        let skim = cuts.map { "\"\($0)\"" }.joined(separator: ", ")
        let output = try Self.run(
            "datasets: {jsons: [\(datasets)]}\nskim: [\(skim)]\nsave_skimmed_files: skims\n", in: folder,
            chunksize: chunksize)
        let definition = try SkimmedDatasetDefinition(from: output)
        for input in inputs {
            let files = output.skimmedFiles.filter { $0.dataset == input.name }
            let chunks = input.files.count * ((input.nevents / input.files.count + chunksize - 1) / chunksize)
            #expect(files.count == chunks, "\(input.name): one file per chunk")
            #expect(files.allSatisfy { $0.file.hasPrefix(folder + "/skims/\(input.name)/") })
            let report = try SkimReference.compare(cut: pythonCut, skimmed: files.map(\.file), inputs: input.files)
            #expect(report.inputEvents == input.nevents)
            #expect(report.expectedEvents > 0 && report.expectedEvents < report.inputEvents, "the cut selects")
            #expect(report.skimmedEvents == report.expectedEvents, "\(input.name)")
            #expect(files.reduce(0) { $0 + $1.events } == report.expectedEvents)
            #expect(report.branchesCompared > 20)
            #expect(report.missing.isEmpty, "\(input.name): branches not written: \(report.missing.prefix(5))")
            #expect(report.different.isEmpty, "\(input.name): values differ in \(report.different.prefix(5))")
            #expect(report.titlesDiffer.isEmpty, "\(input.name): titles differ in \(report.titlesDiffer.prefix(5))")
            #expect(report.runsEqual != false, "\(input.name): Runs trees differ")
            let metadata = try #require(definition.definition[input.name]?["metadata"])
            #expect(metadata["nevents"]?.coercedInt == report.expectedEvents)
            #expect(metadata["isSkim"]?.stringValue == "True")
            let efficiency = try #require(metadata["skim_efficiency"]?.coercedDouble)
            #expect(abs(efficiency - Double(report.expectedEvents) / Double(input.nevents)) < 1e-12)
            #expect((definition.definition[input.name]?["files"]?.arrayValue ?? []).count == files.count)
        }
    }

    @Test(.enabled(if: TestPaths.hasSharedTestData, "needs ../shared/testdata"))
    func realNanoAODSkimKeepsWhatUprootKeeps() throws {
        try skimAndCompare(
            [
                Input(name: "DY", isMC: true, files: [TestPaths.shared("root/nano_dy.root")], nevents: 40),
                Input(
                    name: "DATA", isMC: false, files: [TestPaths.shared("root/nano_dimuon.root")], nevents: 40),
            ], cuts: ["nMuon >= 1", "PV_npvsGood >= 1"], pythonCut: "(t['nMuon'] >= 1) & (t['PV_npvsGood'] >= 1)",
            chunksize: 15)
    }

    @Test func generatedSkimKeepsWhatUprootKeeps() throws {
        let folder = TestPaths.scratchFolder("skim-input")
        let files = [
            try SkimReference.generated(events: 12_000, seed: 11, in: folder),
            try SkimReference.generated(events: 12_000, seed: 12, in: folder),
        ]
        try skimAndCompare(
            [Input(name: "ZZ", isMC: true, files: files, nevents: 24_000)],
            cuts: ["count(Muon.pt > 20) >= 2", "MET_pt < 80"],
            pythonCut: "(ak.sum(t['Muon_pt'] > 20, axis=1) >= 2) & (t['MET_pt'] < 80)", chunksize: 5_000)
    }

    /// Skims copied to a root:// folder (as to EOS): xrdcp puts every chunk file on the real XRootD
    /// server's writable area, where it holds the events uproot's selection keeps.
    @Test func skimsAreCopiedToAnXRootDFolder() throws {
        let server = try XRootDTestServer.start(files: [:]).get()
        defer { server.stop() }
        let folder = TestPaths.scratchFolder("skim-xrootd")
        let input = try SkimReference.generated(events: 9_000, seed: 14, in: folder)
        let datasets = Self.datasetsJSON([Input(name: "WZ", isMC: true, files: [input], nevents: 9_000)], in: folder)
        let target = server.rootURL("/store/temp/user/skims")
        let output = try Self.run(
            "datasets: {jsons: [\(datasets)]}\nskim: [\"MET_pt < 60\"]\nsave_skimmed_files: \"\(target)\"\n",
            in: folder,
            chunksize: 3_000)
        let files = output.skimmedFiles.map(\.file)
        #expect(files.count == 3 && files.allSatisfy { $0.hasPrefix(target + "/WZ/") }, "\(files)")
        let local = files.map { server.state + "/export" + $0.dropFirst(server.rootURL("").count - 1) }
        let report = try SkimReference.compare(cut: "t['MET_pt'] < 60", skimmed: local, inputs: [input])
        #expect(report.skimmedEvents == report.expectedEvents && report.expectedEvents > 0)
        #expect(report.missing.isEmpty && report.different.isEmpty, "\(report.different.prefix(3))")
        #expect(output.skimmedFiles.reduce(0) { $0 + $1.events } == report.expectedEvents)
    }

    /// The issue's 1 M-event skim: five chunk files, compared with uproot branch by branch.
    @Test func millionEventSkimKeepsWhatUprootKeeps() throws {
        let folder = TestPaths.scratchFolder("skim-1m")
        let file = try SkimReference.generated(events: 1_000_000, seed: 13, in: folder)
        try skimAndCompare(
            [Input(name: "TT", isMC: true, files: [file], nevents: 1_000_000)],
            cuts: ["count(Muon.pt > 20) >= 2", "MET_pt < 80"],
            pythonCut: "(ak.sum(t['Muon_pt'] > 20, axis=1) >= 2) & (t['MET_pt'] < 80)", chunksize: 200_000)
    }

    @Test func analysisOnTheSkimGivesTheOriginalHistograms() throws {
        let folder = TestPaths.scratchFolder("skim-analysis")
        let mc = try SkimReference.generated(events: 15_000, seed: 21, in: folder)
        let data = try SkimReference.generated(events: 15_000, seed: 22, in: folder)
        let datasets = Self.datasetsJSON(
            [
                Input(name: "DYJetsToLL_M-50_2018", isMC: true, files: [mc], nevents: 15_000),
                Input(name: "DATA_SingleMuon_2018_EraA", isMC: false, files: [data], nevents: 15_000),
            ], in: folder)
        let example = try String(
            contentsOfFile: TestPaths.repositoryFile("share/examples/local/analysis.yaml"), encoding: .utf8)
        let analysis = example.replacingOccurrences(of: "jsons: [datasets.json]", with: "jsons: [\(datasets)]")
        try #require(analysis != example)
        let original = try Self.run(analysis, in: folder, chunksize: 4_000)
        let skimOutput = try Self.run(analysis + "\nsave_skimmed_files: skims\n", in: folder, chunksize: 4_000)
        #expect(skimOutput.variables.isEmpty, "skim mode stops after the skim")
        let definition = folder + "/skimmed.json"
        try SkimmedDatasetDefinition(from: skimOutput).write(to: definition)
        let onSkim = try Self.run(
            example.replacingOccurrences(of: "jsons: [datasets.json]", with: "jsons: [\(definition)]"), in: folder,
            chunksize: 3_000)

        #expect(
            original.cutflow["DYJetsToLL_M-50_2018"]?.first { $0.step == "skim" }?.events
                == onSkim.cutflow["DYJetsToLL_M-50_2018"]?.first { $0.step == "initial" }?.events)
        #expect(Set(original.variables.keys) == Set(onSkim.variables.keys))
        #expect(original.variables.count == 4)
        for (name, histogram) in original.variables {
            let other = try #require(onSkim.variables[name])
            #expect(Array(histogram.axes.dropFirst()) == Array(other.axes.dropFirst()), "\(name)")
            #expect(histogram.values.reduce(0, +) > 0, "\(name) is filled")
            let names = try #require(histogram.axes[0].stringCategories)
            let otherNames = try #require(other.axes[0].stringCategories)
            #expect(Set(names) == Set(otherNames))
            let block = histogram.values.count / names.count
            for (position, dataset) in names.enumerated() {
                let theirs = try #require(otherNames.firstIndex(of: dataset)) * block
                let mine = position * block
                for offset in 0..<block {
                    for (a, b) in [
                        (histogram.values[mine + offset], other.values[theirs + offset]),
                        (histogram.variances[mine + offset], other.variances[theirs + offset]),
                    ] {
                        #expect(abs(a - b) <= 1e-9 * max(1, abs(a)), "\(name) \(dataset) bin \(offset): \(a) vs \(b)")
                    }
                }
            }
        }
        for step in ["presel", "inclusive", "2j_Zpeak"] {
            for dataset in ["DYJetsToLL_M-50_2018", "DATA_SingleMuon_2018_EraA"] {
                let a = original.cutflow[dataset]?.first { $0.step == step }
                let b = onSkim.cutflow[dataset]?.first { $0.step == step }
                #expect(a?.events == b?.events && a != nil, "\(dataset) \(step)")
            }
        }
        // The skim's events stand for the original dataset: its generator-weight sums are the original's,
        // whatever the chunking (PocketCoffea restores them from the skimmed dataset's metadata).
        for (entry, skimmed) in [
            (original.sumGenweights, onSkim.sumGenweights), (original.sumSignOfGenweights, onSkim.sumSignOfGenweights),
        ] {
            let names = try #require(entry.axes[0].stringCategories)
            let position = try #require(names.firstIndex(of: "DYJetsToLL_M-50_2018"))
            let skimNames = try #require(skimmed.axes[0].stringCategories)
            let skimPosition = try #require(skimNames.firstIndex(of: "DYJetsToLL_M-50_2018"))
            let (a, b) = (entry.values[position], skimmed.values[skimPosition])
            #expect(a != 0 && abs(a - b) <= 1e-9 * abs(a), "sum of generator weights: \(a) original, \(b) on the skim")
        }
    }
}
