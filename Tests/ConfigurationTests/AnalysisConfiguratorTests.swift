import Configuration
import Foundation
import TestSupport
import Testing

@Suite struct AnalysisConfiguratorTests {
    static let datasets = """
        {
          "DY_2018": {"metadata": {"sample": "DY", "year": "2018", "isMC": "True", "xsec": "6077.22", "nevents": "300"},
                      "files": ["root://host//store/dy_0.root", "root://host//store/dy_1.root", "root://host//store/dy_2.root"]},
          "DATA_2018A": {"metadata": {"sample": "DATA", "year": "2018", "isMC": "False", "nevents": "50"},
                         "files": ["/data/a 1.root"]},
          "DY_2017": {"metadata": {"sample": "DY", "year": "2017", "isMC": true, "nevents": 10}, "files": ["dy17.root"]}
        }
        """

    func makeConfigurator(_ extra: String = "", filter: String = "") -> String {
        let folder = TestPaths.scratchFolder("configurator")
        TestPaths.write(Self.datasets, to: "datasets/all.json", in: folder)
        TestPaths.write("lumi: {\"2018\": 59.7}\nwp: {btag: 0.3}\n", to: "params/lumi.yaml", in: folder)
        return TestPaths.write(
            """
            description: test analysis
            datasets:
              jsons: [datasets/all.json]
            \(filter)
            tree: Events
            parameters: [params/lumi.yaml, {wp: {btag: 0.5}}]
            skim: ["nMuon >= 1"]
            \(extra)
            """, to: "analysis.yaml", in: folder)
    }

    @Test func loadsDatasetsRelativeToTheFileAndMergesParameters() throws {
        let path = makeConfigurator()
        let configurator = try AnalysisConfigurator.load(path: path).resolvingDatasets()
        #expect(configurator.datasets.datasets.map(\.name) == ["DY_2018", "DATA_2018A", "DY_2017"])
        #expect(configurator.tree == "Events")
        #expect(configurator.parameters["lumi"]?["2018"] == .double(59.7))
        #expect(configurator.parameters["wp"]?["btag"] == .double(0.5))
        #expect(configurator.analysis["skim"] == .array([.string("nMuon >= 1")]))
    }

    @Test func configuratorFilterAndCommandLineFilter() throws {
        let path = makeConfigurator(filter: "  filter: {samples: [DY], year: ['2018', '2017']}")
        let configurator = try AnalysisConfigurator.load(path: path)
        #expect(try configurator.resolvingDatasets().datasets.datasets.map(\.name) == ["DY_2018", "DY_2017"])
        let narrowed = try configurator.resolvingDatasets(extraFilter: DatasetFilter(years: ["2017"]), limitFiles: 1)
        #expect(narrowed.datasets.datasets.map(\.name) == ["DY_2017"])
    }

    @Test func unknownSectionIsNamedWithSuggestion() {
        let path = makeConfigurator("categorie: {}")
        let error = #expect(throws: ConfigurationError.self) { try AnalysisConfigurator.load(path: path) }
        #expect(error?.code == .unknownKey)
        #expect(error?.file == path)
        #expect(error?.description.contains("did you mean 'categories'") == true)
    }

    @Test func malformedYAMLIsOneLineWithPosition() {
        let folder = TestPaths.scratchFolder("configurator")
        let path = TestPaths.write("datasets:\n  jsons: [a.json\ntree: Events\n", to: "bad.yaml", in: folder)
        let error = #expect(throws: ConfigurationError.self) { try AnalysisConfigurator.load(path: path) }
        #expect(error?.code == .malformedSyntax)
        #expect(error?.description.hasPrefix(path + ": invalid YAML: 3:") == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("\n") == false)
    }

    @Test func missingDatasetsSection() {
        let folder = TestPaths.scratchFolder("configurator")
        let path = TestPaths.write("tree: Events\n", to: "a.yaml", in: folder)
        let error = #expect(throws: ConfigurationError.self) { try AnalysisConfigurator.load(path: path) }
        #expect(error?.description.contains("no 'datasets' section") == true)
    }

    @Test func resolvedJSONRoundTripsAndIsDeterministic() throws {
        let path = makeConfigurator()
        let configurator = try AnalysisConfigurator.load(path: path).resolvingDatasets()
        let text = ResolvedConfigurator.text(configurator)
        #expect(ResolvedConfigurator.text(try AnalysisConfigurator.load(path: path).resolvingDatasets()) == text)
        let folder = TestPaths.scratchFolder("resolved")
        let jsonPath = TestPaths.write(text, to: "config_job_0.json", in: folder)
        let reloaded = try AnalysisConfigurator.load(path: jsonPath).resolvingDatasets()
        #expect(reloaded.datasets == configurator.datasets)
        #expect(reloaded.analysis == configurator.analysis)
        #expect(reloaded.parameters == configurator.parameters)
        #expect(ResolvedConfigurator.text(reloaded) == text)
    }

    @Test func aJSONThatIsNotAResolvedConfiguratorIsRefused() {
        let folder = TestPaths.scratchFolder("resolved")
        let path = TestPaths.write(Self.datasets, to: "datasets.json", in: folder)
        let error = #expect(throws: ConfigurationError.self) { try AnalysisConfigurator.load(path: path) }
        #expect(error?.description.contains("not a resolved configurator") == true)
    }

    @Test func bundledExampleResolves() throws {
        let path = TestPaths.repositoryFile("share/examples/dimuon/analysis.yaml")
        let configurator = try AnalysisConfigurator.load(path: path).resolvingDatasets()
        #expect(configurator.datasets.datasets.count == 1)
        #expect(configurator.datasets.datasets[0].nevents > 0)
    }
}
