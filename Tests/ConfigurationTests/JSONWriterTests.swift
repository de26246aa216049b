import Configuration
import Testing

/// The JSON writer as it was before it wrote bytes (one Unicode scalar at a time into a String),
/// kept verbatim as the oracle: the fast writer must produce the same bytes for every value.
private enum ScalarJSONWriter {
    static func string(_ value: ConfigValue, pretty: Bool = true) -> String {
        var output = ""
        write(value, into: &output, indent: pretty ? 0 : nil)
        return output
    }

    private static func write(_ value: ConfigValue, into output: inout String, indent: Int?) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number): output += format(number)
        case .string(let text): writeString(text, into: &output)
        case .array(let items):
            writeContainer(items, open: "[", close: "]", into: &output, indent: indent) { item, output, indent in
                write(item, into: &output, indent: indent)
            }
        case .object(let object):
            writeContainer(object.entries, open: "{", close: "}", into: &output, indent: indent) {
                entry, output, indent in
                writeString(entry.key, into: &output)
                output += indent == nil ? ":" : ": "
                write(entry.value, into: &output, indent: indent)
            }
        }
    }

    private static func writeContainer<Element>(
        _ elements: [Element], open: Character, close: Character, into output: inout String, indent: Int?,
        body: (Element, inout String, Int?) -> Void
    ) {
        output.append(open)
        guard !elements.isEmpty else { return output.append(close) }
        let inner = indent.map { $0 + 2 }
        for (offset, element) in elements.enumerated() {
            if offset > 0 { output += "," }
            if let inner { output += "\n" + String(repeating: " ", count: inner) }
            body(element, &output, inner)
        }
        if let indent { output += "\n" + String(repeating: " ", count: indent) }
        output.append(close)
    }

    private static func format(_ number: Double) -> String {
        guard number.isFinite else { return number.isNaN ? "\"nan\"" : (number > 0 ? "\"inf\"" : "\"-inf\"") }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) + ".0" }
        return "\(number)"
    }

    private static func writeString(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

/// A small seeded generator, so the random values are the same on every run.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct JSONWriterTests {
    static let strings = [
        "", "a", "plain ASCII longer than eight bytes", "\"", "\\", "q\"\n", "tab\there", "cr\rlf\n",
        "\u{0}\u{1}\u{7}\u{8}\u{b}\u{c}\u{1b}\u{1f} \u{7f}", "é", "naïve ☃ 😀 𝄞", "12345678\"12345678\\1234567\n",
        "root://xrootd-cms.infn.it//store/mc/RunIISummer20UL18NanoAODv9/TT/NANOAODSIM/2520000/92231017.root",
        "['/SingleMuon/Run2018A-UL2018_MiniAODv2_NanoAODv9-v2/NANOAOD']", "$(ProcId) ; rm -rf x", "\u{2028}\u{2029}",
    ]

    static let numbers: [ConfigValue] = [
        .int(0), .int(-1), .int(7), .int(Int.max), .int(Int.min), .double(0), .double(-0.0), .double(3), .double(-2.5),
        .double(0.1), .double(1e15), .double(-1e15), .double(999_999_999_999_999), .double(1e300), .double(5e-324),
        .double(.nan), .double(.infinity), .double(-.infinity), .double(123_456.789), .double(2.5e-7),
    ]

    @Test func stringsAndNumbersAreWrittenAsBefore() {
        for text in Self.strings {
            #expect(JSONWriter.string(.string(text)) == ScalarJSONWriter.string(.string(text)), "\(text.debugDescription)")
        }
        for number in Self.numbers {
            #expect(JSONWriter.string(number) == ScalarJSONWriter.string(number), "\(number)")
        }
        for byte in UInt8(0)..<0x80 {
            let text = String(UnicodeScalar(byte)) + String(repeating: "x", count: Int(byte % 11)) + String(UnicodeScalar(byte))
            #expect(JSONWriter.string(.string(text)) == ScalarJSONWriter.string(.string(text)), "byte \(byte)")
        }
    }

    @Test func randomDocumentsAreWrittenAsBefore() {
        var generator = SplitMix64(state: 20_250_518)
        func randomString() -> String {
            if Bool.random(using: &generator) { return Self.strings.randomElement(using: &generator)! }
            let alphabet = Array("ab\"\\\n\t\u{1}\u{1f} é😀/$(").map(String.init)
            return (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
                .joined()
        }
        func randomValue(depth: Int) -> ConfigValue {
            switch Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &generator) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &generator))
            case 2: return Self.numbers.randomElement(using: &generator)!
            case 3: return .int(Int.random(in: -1_000_000...1_000_000, using: &generator))
            case 4: return .string(randomString())
            case 5:
                return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in randomValue(depth: depth + 1) })
            default:
                return .object(
                    OrderedObject((0..<Int.random(in: 0...4, using: &generator)).map { _ in
                        (randomString(), randomValue(depth: depth + 1))
                    }))
            }
        }
        for _ in 0..<300 {
            let value = randomValue(depth: 0)
            #expect(JSONWriter.string(value) == ScalarJSONWriter.string(value))
            #expect(JSONWriter.string(value, pretty: false) == ScalarJSONWriter.string(value, pretty: false))
            #expect(JSONWriter.bytes(value) == Array(ScalarJSONWriter.string(value).utf8))
        }
    }

    @Test func aValueAppendedAtALevelMatchesItsPlaceInTheDocument() {
        let inner = ConfigValue.object(OrderedObject([("files", .array([.string("a"), .string("b\"")])), ("n", .int(2))]))
        let outer = ConfigValue.object(OrderedObject([("x", .int(1)), ("inner", inner)]))
        for pretty in [true, false] {
            var output: [UInt8] = []
            var stream = JSONObjectStream(pretty: pretty)
            stream.begin(into: &output)
            stream.key("x", into: &output)
            JSONWriter.append(.int(1), to: &output, pretty: pretty, level: stream.level)
            stream.key("inner", into: &output)
            JSONWriter.append(inner, to: &output, pretty: pretty, level: stream.level)
            stream.end(into: &output)
            #expect(String(decoding: output, as: UTF8.self) == ScalarJSONWriter.string(outer, pretty: pretty))
        }
        var empty: [UInt8] = []
        let stream = JSONObjectStream(level: 4)
        stream.begin(into: &empty)
        stream.end(into: &empty)
        #expect(empty == Array("{}".utf8))
    }

    @Test func theSplicedPerJobConfiguratorIsTheResolvedConfigurator() {
        func dataset(_ name: String, _ files: [String], _ metadata: [(String, ConfigValue)]) -> Dataset {
            Dataset(name: name, files: files, metadata: OrderedObject(metadata))
        }
        let datasets = [
            dataset("DY \"quoted\" $(x);", ["root://h//a.root", "/b c.root"], [("sample", .string("DY")), ("nevents", .int(3))]),
            dataset("TT", ["t\u{1}.root"], [("sample", .string("TT")), ("xsec", .double(88.29)), ("isMC", .bool(true))]),
            dataset("empty", [], []),
        ]
        for description in [nil, "an \"analysis\"\n☃"] {
            let configurator = AnalysisConfigurator(
                source: "/work/a b/analysis.yaml", description: description, datasetFiles: [],
                datasetFilter: DatasetFilter(), tree: "Events",
                parameters: OrderedObject([("lumi", .object(OrderedObject([("2018", .double(59.7))])))]),
                analysis: OrderedObject([("skim", .array([.string("nMuon >= 1")])), ("empty", .object(OrderedObject()))]),
                datasets: DatasetCatalog(datasets: datasets))
            let splicer = ResolvedConfigurator.Splicer(configurator)
            for selection in [[], [datasets[0]], [datasets[1], datasets[2]], datasets] {
                var perJob = configurator
                perJob.datasets = DatasetCatalog(datasets: selection)
                var output: [UInt8] = []
                splicer.write(datasets: selection, into: &output)
                #expect(output == ResolvedConfigurator.bytes(perJob))
                #expect(String(decoding: output, as: UTF8.self) == ScalarJSONWriter.string(ResolvedConfigurator.encode(perJob)) + "\n")
            }
        }
    }
}
