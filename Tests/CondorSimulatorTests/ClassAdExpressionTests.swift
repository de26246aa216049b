import Testing

@testable import CondorSimulator

@Suite struct ClassAdExpressionTests {
    func value(_ text: String, _ attributes: [String: ClassAdValue] = [:]) throws -> ClassAdValue {
        try ClassAdExpression.parse(text).evaluate { attributes[$0] ?? .undefined }
    }

    @Test(arguments: [
        ("(ExitBySignal == False) && (ExitCode == 0)", ClassAdValue.boolean(true)),
        ("ExitCode =?= 0 || NumJobCompletions > JobMaxRetries", .boolean(true)),
        ("ExitCode != 0", .boolean(false)),
        ("MY.Flavour == \"LONGLUNCH\"", .boolean(true)),
        ("MY.Flavour =?= \"LONGLUNCH\"", .boolean(false)),
        ("1 + 2 * 3 - 4 / 2 == 5", .boolean(true)),
        ("-ExitCode >= -1 && !(ExitCode < 0)", .boolean(true)),
        ("1.5 * 2 == 3", .boolean(true)),
    ])
    func evaluatesTheSubsetJobPoliciesUse(text: String, expected: ClassAdValue) throws {
        #expect(
            try value(
                text,
                [
                    "exitcode": .integer(0), "exitbysignal": .boolean(false), "flavour": .string("longlunch"),
                    "numjobcompletions": .integer(1), "jobmaxretries": .integer(3),
                ]) == expected)
    }

    @Test func threeValuedLogic() throws {
        #expect(try value("Missing == 1") == .undefined)
        #expect(try value("Missing =?= undefined") == .boolean(true))
        #expect(try value("Missing =!= 1") == .boolean(true))
        #expect(try value("false && Missing") == .boolean(false))
        #expect(try value("Missing && false") == .boolean(false))
        #expect(try value("true && Missing") == .undefined)
        #expect(try value("true || Missing") == .boolean(true))
        #expect(try value("Missing || true") == .boolean(true))
        #expect(try value("false || Missing") == .undefined)
        #expect(try value("!Missing") == .undefined)
        #expect(try value("1 && true") == .error)
        #expect(try value("\"a\" == 1") == .error)
        #expect(try value("1 / 0") == .error)
    }

    @Test(arguments: ["time() - 3", "TARGET.Memory > 1", "ExitCode ==", "(ExitCode == 0", "ExitCode @ 1", "", "\"open"])
    func refusesWhatItCannotEvaluate(text: String) {
        let error = #expect(throws: SimulatorError.self) { try ClassAdExpression.parse(text) }
        #expect(error?.message.contains("cannot evaluate the ClassAd expression") == true)
    }
}
