import Configuration
import Jobs
import Testing

@Suite struct SplitterTests {
    static func dataset(_ name: String, sample: String, events: Int, files: Int) -> Dataset {
        Dataset(
            name: name, files: (0..<files).map { "\(name)/f\($0).root" },
            metadata: OrderedObject([("sample", .string(sample)), ("nevents", .string(String(events)))]))
    }

    let datasets = [
        dataset("DY_A", sample: "DY", events: 1000, files: 4),
        dataset("DY_B", sample: "DY", events: 300, files: 3),
        dataset("TT", sample: "TT", events: 5000, files: 5),
    ]

    func options(_ yaml: String) throws -> RunOptions {
        try RunOptions(validating: try #require(try YAMLReader.parse(yaml).objectValue))
    }

    func allFiles(_ jobs: [JobSplit]) -> [String] { jobs.flatMap { $0.datasets.flatMap(\.files) } }

    @Test(arguments: [1, 2, 3, 5, 7, 11, 12])
    func scaleoutGivesExactlyNJobsKeepingOrder(count: Int) throws {
        var splitter = Splitter()
        let jobs = try splitter.split(datasets, options: try options("scaleout: \(count)"))
        #expect(jobs.count == count)
        #expect(allFiles(jobs) == datasets.flatMap(\.files))
        #expect(jobs.allSatisfy { $0.fileCount >= 1 })
        #expect(splitter.warnings.isEmpty)
    }

    @Test func scaleoutFiveIsFiveNotFour() throws {
        let uniform = [Self.dataset("D", sample: "S", events: 1000, files: 10)]
        var splitter = Splitter()
        let jobs = try splitter.split(uniform, options: try options("scaleout: 5"))
        #expect(jobs.map(\.fileCount) == [2, 2, 2, 2, 2])
    }

    @Test func scaleoutAboveTheFileCountSaysSo() throws {
        var splitter = Splitter()
        let jobs = try splitter.split(datasets, options: try options("scaleout: 20"))
        #expect(jobs.count == 12)
        #expect(splitter.warnings.first?.contains("more jobs than there are files (12)") == true)
    }

    @Test func scalarMaxEventsPacksAcrossDatasets() throws {
        var splitter = Splitter()
        let jobs = try splitter.split(datasets, options: try options("max-events-per-job: 600"))
        #expect(jobs.map(\.events) == [750, 1550, 1000, 1000, 1000, 1000])
        #expect(jobs[1].datasets.map(\.name) == ["DY_A", "DY_B", "TT"])
        #expect(allFiles(jobs) == datasets.flatMap(\.files))
    }

    @Test func perSampleDictSplitsEachDatasetAlone() throws {
        var splitter = Splitter()
        let jobs = try splitter.split(
            datasets, options: try options("max-events-per-job: {TT: 2000, default: 500, QCD: 1}"))
        #expect(jobs.allSatisfy { $0.datasets.count == 1 })
        #expect(jobs.map { $0.datasets[0].name } == ["DY_A", "DY_A", "DY_B", "TT", "TT", "TT"])
        #expect(
            splitter.warnings == [
                "[max-events-per-job] dict keys [QCD] do not match any sample in the current fileset. Samples present: [DY, TT]. These keys will be ignored."
            ])
        #expect(splitter.messages.contains("[max-events-per-job] TT (sample=TT): 5000 events, limit 2000 ev/job"))
    }

    @Test func perSampleDictWithoutDefaultNamesSampleAndDataset() {
        var splitter = Splitter()
        let error = #expect(throws: JobsError.self) {
            try splitter.split(datasets, options: try options("max-events-per-job: {TT: 2000}"))
        }
        #expect(
            error?.message
                == "max-events-per-job dict has no entry for sample 'DY' (dataset 'DY_A') and no 'default' fallback")
    }

    @Test func noSplittingIsOneJobWithAHint() throws {
        var splitter = Splitter()
        let jobs = try splitter.split(datasets, options: try options("chunksize: 10"))
        #expect(jobs.count == 1)
        #expect(splitter.warnings.first?.contains("--scaleout N or max-events-per-job") == true)
    }
}
