import Configuration
import TestSupport
import Testing

@Suite struct DatasetCatalogTests {
    @Test(.enabled(if: TestPaths.hasSharedTestData, "needs ../shared/testdata"))
    func loadsARealBuiltDatasetJSONWithStringValues() throws {
        let path = TestPaths.shared("samples/datasets/pocketcoffea_test_custom_weights_datasets_redirector.json")
        let catalog = try DatasetCatalog.load(paths: [path])
        let ttbar = try #require(catalog["TTTo2L2Nu_2018"])
        #expect(ttbar.sample == "TTTo2L2Nu")
        #expect(ttbar.year == "2018")
        #expect(ttbar.isMC)
        #expect(ttbar.xsec == 88.29)
        #expect(ttbar.nevents == 42)
        #expect(ttbar.dasNames.first?.hasPrefix("/TTTo2L2Nu_TuneCP5") == true)
        #expect(ttbar.files.first?.hasPrefix("root://xrootd-cms.infn.it//store/mc/") == true)
        let data = try #require(catalog["DATA_SingleMuon_2018_EraA"])
        #expect(!data.isMC)
        #expect(data.nevents == 241_608_232)
        #expect(catalog.datasets.first?.name == "TTTo2L2Nu_2018", "order of the file is kept")
    }

    @Test(.enabled(if: TestPaths.hasSharedTestData, "needs ../shared/testdata"))
    func rejectsTheInvalidTemplateWithLineAndColumn() {
        let path = TestPaths.shared("samples/datasets/pocketcoffea_dataset_definition_template_invalid_json.json")
        let error = #expect(throws: ConfigurationError.self) { try DatasetCatalog.load(paths: [path]) }
        #expect(error?.code == .malformedSyntax)
        #expect(error?.file == path)
        #expect(error?.location == "8:54")
        #expect(error?.description.split(separator: "\n").count == 1)
    }

    @Test(.enabled(if: TestPaths.hasSharedTestData, "needs ../shared/testdata"))
    func explainsABuildDatasetsDefinition() {
        for name in [
            "pocketcoffea_datasets_definitions_example.json", "anaconfigs_tests_analysis_datasets_definitions.json",
        ] {
            let error = #expect(throws: ConfigurationError.self) {
                try DatasetCatalog.load(paths: [TestPaths.shared("samples/datasets/" + name)])
            }
            #expect(error?.description.contains("build-datasets") == true)
        }
    }

    @Test(arguments: [
        (
            #"{"D": {"metadata": {"sample": "S", "isMC": "True"}, "files": ["a.root"]}}"#, "D.metadata.nevents",
            "no 'nevents'"
        ),
        (#"{"D": {"metadata": {"nevents": "10"}, "files": ["a.root"]}}"#, "D.metadata.sample", "no 'sample'"),
        (#"{"D": {"metadata": {"sample": "S", "nevents": 10}}}"#, "D.files", "no 'files' list"),
        (#"{"D": {"files": ["a.root"]}}"#, "D.metadata", "no 'metadata'"),
        (
            #"{"D": {"metadata": {"sample": "S", "nevents": "ten"}, "files": []}}"#, "D.metadata.nevents",
            "must be a whole number"
        ),
        (
            #"{"D": {"metadata": {"sample": "S", "nevents": 1, "isMC": "yes"}, "files": []}}"#, "D.metadata.isMC",
            "must be true or false"
        ),
        (#"{"D": {"metadata": {"sample": "S", "nevents": 1}, "files": [1]}}"#, "D.files", "list of strings"),
        (#"["D"]"#, nil, "mapping of dataset names"),
    ])
    func missingOrBadKeysNameDatasetAndKey(json: String, location: String?, message: String) throws {
        let folder = TestPaths.scratchFolder("datasets")
        let path = TestPaths.write(json, to: "d.json", in: folder)
        let error = #expect(throws: ConfigurationError.self) { try DatasetCatalog.load(paths: [path]) }
        #expect(error?.file == path)
        #expect(error?.location == location)
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
    }

    @Test func duplicateDatasetAcrossFilesIsAnError() {
        let folder = TestPaths.scratchFolder("datasets")
        let json = #"{"D": {"metadata": {"sample": "S", "nevents": 1}, "files": ["a.root"]}}"#
        let first = TestPaths.write(json, to: "a.json", in: folder)
        let second = TestPaths.write(json, to: "b.json", in: folder)
        let error = #expect(throws: ConfigurationError.self) { try DatasetCatalog.load(paths: [first, second]) }
        #expect(error?.description.contains("already defined in \(first)") == true)
    }

    @Test func missingFileIsOneClearLine() {
        let error = #expect(throws: ConfigurationError.self) { try DatasetCatalog.load(paths: ["/nonexistent/d.json"]) }
        #expect(error?.code == .unreadableFile)
        #expect(error?.description == "/nonexistent/d.json: cannot read the file; check that the path exists")
    }

    @Test func relativeFilesAreRelativeToTheJSONAndURLsAreKept() throws {
        let json = #"{"D": {"metadata": {"sample": "D", "nevents": 1}, "files": ["a.root", "sub/../b.root", "/abs/c.root", "root://h//d.root", "davs://h:443/e.root", "x:/f.root"]}}"#
        let files = try DatasetCatalog.parse(try JSONReader.parse(json), file: "/data/sets/d.json")[0].files
        #expect(files == ["/data/sets/a.root", "/data/sets/b.root", "/abs/c.root", "root://h//d.root", "davs://h:443/e.root", "/data/sets/x:/f.root"])
    }
}
