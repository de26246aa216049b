import Testing

@testable import CondorSimulator

@Suite struct JobArgumentsTests {
    @Test(arguments: [
        ("0 config_job_0.json 150000", ["0", "config_job_0.json", "150000"]),
        ("  a\tb  ", ["a", "b"]),
        (#"say \"hi\""#, ["say", "\"hi\""]),
        (#""one 'two three' ""four"" 'it''s' ''""#, ["one", "two three", "\"four\"", "it's", ""]),
        ("", []),
    ])
    func splitsAsHTCondorDoes(value: String, expected: [String]) throws {
        #expect(try JobArguments.split(value) == expected)
    }

    @Test(arguments: [#""open"#, #""a 'b""#])
    func unterminatedQuotesAreErrors(value: String) {
        #expect(throws: SimulatorError.self) { try JobArguments.split(value) }
    }

    @Test(arguments: [
        ("2GB", 1_048_576.0, 2048), ("2048", 1_048_576.0, 2048), ("1.5 g", 1_048_576.0, 1536),
        ("2GB", 1024.0, 2_097_152),
        ("100k", 1024.0, 100), ("1t", 1_048_576.0, 1_048_576),
    ])
    func resourceSizes(text: String, unit: Double, expected: Int) throws {
        #expect(try ResourceSize.parse(text, key: "RequestMemory", unit: unit) == expected)
    }

    @Test func aSizeExpressionIsRefused() {
        #expect(throws: SimulatorError.self) {
            try ResourceSize.parse("MemoryUsage * 2", key: "RequestMemory", unit: 1024)
        }
    }
}
