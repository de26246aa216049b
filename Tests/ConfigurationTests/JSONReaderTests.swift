import Configuration
import Testing

@Suite struct JSONReaderTests {
    @Test func keepsKeyOrderAndTypes() throws {
        let value = try JSONReader.parse(#"{"z": 1, "a": [true, null, -2.5e1, "x\"y\u00e9"], "m": {}}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(value["z"] == .int(1))
        #expect(value["a"] == .array([.bool(true), .null, .double(-25), .string("x\"yé")]))
        #expect(value["m"] == .object(OrderedObject()))
    }

    @Test func decodesSurrogatePairs() throws {
        #expect(try JSONReader.parse(#""\ud83d\ude00""#) == .string("😀"))
    }

    @Test(arguments: [
        ("{\"a\": 1,}", "1:9", "expected a quoted key"),
        ("{\n  \"a\": True\n}", "2:8", "expected a value"),
        ("[1, 2", "1:6", "unexpected end"),
        ("\"abc", "1:5", "unterminated string"),
        ("{\"a\" 1}", "1:6", "expected ':'"),
        ("[1] 2", "1:5", "unexpected text after"),
        ("[01]", "1:2", "must not start with 0"),
    ])
    func reportsLineAndColumn(text: String, location: String, fragment: String) {
        let error = #expect(throws: ConfigurationError.self) { try JSONReader.parse(text) }
        #expect(error?.code == .malformedSyntax)
        #expect(error?.location == location)
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")")
    }

    @Test func writerRoundTripsDeterministically() throws {
        let text = #"{"b": [1, 2.5, "q\"\n"], "a": {"x": null, "y": false}, "c": 3.0}"#
        let value = try JSONReader.parse(text)
        let written = JSONWriter.string(value)
        #expect(try JSONReader.parse(written) == value)
        #expect(JSONWriter.string(try JSONReader.parse(written)) == written)
        #expect(JSONWriter.string(value, pretty: false) == #"{"b":[1,2.5,"q\"\n"],"a":{"x":null,"y":false},"c":3.0}"#)
    }
}
