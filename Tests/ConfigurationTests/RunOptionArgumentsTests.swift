import Configuration
import Testing

@Suite struct RunOptionArgumentsTests {
    @Test func equalsSeparateValueAndBareFlag() throws {
        let options = try RunOptionArguments.parse([
            "--max-events-per-job=200000", "--split-by-category", "true", "--dry-run",
            "--chunksize={DY: 5, default: 9}",
        ])
        #expect(options["max-events-per-job"] == .int(200_000))
        #expect(options["split-by-category"] == .bool(true))
        #expect(options["dry-run"] == .bool(true))
        let chunksize = try SampleSetting(try #require(options["chunksize"]), key: "chunksize")
        #expect(chunksize == .perSample(values: [("DY", 5)], fallback: 9))
    }

    @Test func unknownKeyGetsASuggestion() {
        let error = #expect(throws: ConfigurationError.self) { try RunOptionArguments.parse(["--max-event-per-job=3"]) }
        #expect(error?.description.contains("did you mean --max-events-per-job?") == true)
    }

    @Test func aStrayWordIsRefused() {
        let error = #expect(throws: ConfigurationError.self) { try RunOptionArguments.parse(["analysis.yaml"]) }
        #expect(error?.description.contains("unexpected argument 'analysis.yaml'") == true)
    }
}
