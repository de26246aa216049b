import Configuration
import Testing

@Suite struct DatasetSelectionTests {
    static func dataset(_ name: String, sample: String, year: String, files: Int = 3) -> Dataset {
        Dataset(
            name: name, files: (0..<files).map { "\(name)_\($0).root" },
            metadata: OrderedObject([("sample", .string(sample)), ("year", .string(year)), ("nevents", .string("100"))])
        )
    }

    let catalog = DatasetCatalog(datasets: [
        dataset("DY_2017", sample: "DY", year: "2017"),
        dataset("DY_2018", sample: "DY", year: "2018"),
        dataset("TT_2018", sample: "TT", year: "2018"),
        dataset("DATA_A_2018", sample: "DATA", year: "2018"),
    ])

    func names(_ filter: DatasetFilter, limitFiles: Int? = nil) throws -> [String] {
        try catalog.selecting(filter, limitFiles: limitFiles).datasets.map(\.name)
    }

    @Test func eachFilter() throws {
        #expect(try names(DatasetFilter()) == ["DY_2017", "DY_2018", "TT_2018", "DATA_A_2018"])
        #expect(try names(DatasetFilter(samples: ["DY"])) == ["DY_2017", "DY_2018"])
        #expect(try names(DatasetFilter(samplesExclude: ["DY"])) == ["TT_2018", "DATA_A_2018"])
        #expect(try names(DatasetFilter(years: ["2017"])) == ["DY_2017"])
        #expect(try names(DatasetFilter(datasets: ["TT_2018", "DY_2017"])) == ["DY_2017", "TT_2018"])
        #expect(try names(DatasetFilter(datasetsExclude: ["TT_2018"])) == ["DY_2017", "DY_2018", "DATA_A_2018"])
    }

    @Test func configuratorAndCommandLineFiltersCombine() throws {
        let configurator = DatasetFilter(samples: ["DY", "TT"], samplesExclude: ["TT"])
        let commandLine = DatasetFilter(years: ["2018"])
        #expect(try names(configurator.intersected(with: commandLine)) == ["DY_2018"])
        #expect(
            try names(DatasetFilter(samples: ["DY", "TT"]).intersected(with: DatasetFilter(samples: ["TT"]))) == [
                "TT_2018"
            ])
    }

    @Test func limitFilesKeepsTheFirstFiles() throws {
        let selected = try catalog.selecting(DatasetFilter(samples: ["TT"]), limitFiles: 2)
        #expect(selected.datasets[0].files == ["TT_2018_0.root", "TT_2018_1.root"])
    }

    @Test func aFilterThatLeavesNothingIsAnError() {
        let error = #expect(throws: ConfigurationError.self) {
            try names(DatasetFilter(samples: ["QCD"], years: ["2016"]))
        }
        #expect(error?.code == .emptySelection)
        #expect(
            error?.description
                == "the dataset filter (samples=[QCD] year=[2016]) leaves no dataset; available samples: [DATA, DY, TT], years: [2017, 2018]"
        )
    }
}
