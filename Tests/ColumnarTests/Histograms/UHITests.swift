import Columnar
import Foundation
import TestSupport
import Testing

/// UHI JSON: exact round trips, the layout we write, the spec's example files, hist and `uhi validate`
/// on what we write, and errors for text that is not (complete) UHI.
@Suite struct UHITests {
    static let specFolder = TestPaths.repository.deletingLastPathComponent().appendingPathComponent("shared/docs/specs")
        .path
    static var hasSpecExamples: Bool { FileManager.default.fileExists(atPath: specFolder + "/example_weighted.json") }

    /// One histogram of each axis kind and storage, with awkward numbers and every kind of metadata.
    static func sample() throws -> [String: Histogram] {
        var random = SeededGenerator(seed: 11)
        let axes = [
            try HistogramAxis.stringCategory(
                ["DY \"M-50\"", "tt\\bar"], name: "dataset", label: "Data set", growth: true),
            try .regular(bins: 3, lower: -1.5, upper: 2.25, name: "x", label: "x [μm]"),
            try .variable(edges: [0, 0.1, 0.30000000000000004, 1e300], name: "y", underflow: false),
        ]
        let size = axes.reduce(1) { $0 * $1.extent }
        let special: [Double] = [
            .nan, .infinity, -.infinity, -0.0, 5e-324, 1.7976931348623157e308, 0.1, 1e16, 123456789.125,
        ]
        let values = special + (special.count..<size).map { _ in Double.random(in: -1e6...1e6, using: &random) }
        let variances = (0..<size).map { _ in Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF) }
        let weighted = try Histogram(
            axes: axes, storage: .weighted, values: values, variances: variances,
            metadata: ["sample:DY": "DY", "nevents:DY": 12, "xsec:DY": 0.1, "isMC:DY": true, "tab": "a\tb\n"])
        var counts = Histogram(
            axes: [try .integerCategory([-3, 7], name: "n", growth: true), .boolean(name: "b")], storage: .int)
        try counts.fill(categories: [], numbers: [[-3, 7, 7, 8], [1, 0, 1, 1]])
        var circular = Histogram(
            axes: [try .regular(bins: 4, lower: 0, upper: 360, name: "phi", underflow: false, circular: true)],
            storage: .double)
        try circular.fill(categories: [], numbers: [[10, 370, -5]], weights: [0.5, 0.25, 3])
        var scalar = Histogram(axes: [], storage: .int)
        try scalar.fill(categories: [], numbers: [])
        let empty = Histogram(axes: [
            try .stringCategory([], name: "dataset", growth: true),
            try .regular(bins: 2, lower: 0, upper: 1, name: "x"),
        ])
        return ["weighted": weighted, "counts": counts, "circular": circular, "scalar": scalar, "empty": empty]
    }

    static func assertIdentical(_ a: [String: Histogram], _ b: [String: Histogram]) {
        #expect(a.keys.sorted() == b.keys.sorted())
        for (name, histogram) in a {
            guard let other = b[name] else { continue }
            #expect(histogram.axes == other.axes, "\(name): axes")
            #expect(histogram.storage == other.storage, "\(name): storage")
            #expect(histogram.metadata == other.metadata, "\(name): metadata")
            #expect(identical(histogram.values, other.values), "\(name): values")
            #expect(identical(histogram.variances, other.variances), "\(name): variances")
        }
    }

    @Test func roundTripIsExact() throws {
        let histograms = try Self.sample()
        let bytes = UHI.encode(histograms, version: "1.2.3")
        Self.assertIdentical(try UHI.decode(bytes), histograms)
        #expect(UHI.encode(try UHI.decode(bytes), version: "1.2.3") == bytes)
    }

    @Test func randomDoublesReadBackBitForBit() throws {
        var random = SeededGenerator(seed: 3)
        let values = (0..<20_000).map { index -> Double in
            switch index % 4 {
            case 0: Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF) * (random.next() % 2 == 0 ? 1 : -1)
            case 1: Double.random(in: -1000...1000, using: &random)
            case 2: Double(Int.random(in: -1_000_000...1_000_000, using: &random)) / 1000
            default: Double.random(in: 0...1, using: &random) * 1e-300
            }
        }
        let histogram = try Histogram(
            axes: [try .regular(bins: values.count - 2, lower: 0, upper: 1, name: "x")], storage: .double,
            values: values)
        let decoded = try UHI.decode(UHI.encode(["h": histogram], version: "0"))
        #expect(identical(decoded["h"]?.values ?? [], values))
    }

    /// 16 to 19 significant digits (the Float80 fast path, its halfway fallback, and the digits beyond 19
    /// it must not take) read as the correctly rounded parser reads them.
    @Test func longMantissasAreCorrectlyRounded() throws {
        var random = SeededGenerator(seed: 5)
        var tokens = ["9007199254740993", "9007199254740995", "18014398509481985e-1", "1.0000000000000001110223",
                      "123456789012345678901234", "0.30000000000000004", "-4.9406564584124654e-3"]
        for _ in 0..<20_000 {
            let digits = Int.random(in: 16...19, using: &random)
            var mantissa = String(Int.random(in: 1...9, using: &random))
            for _ in 1..<digits { mantissa += String(Int.random(in: 0...9, using: &random)) }
            let point = Int.random(in: 0..<digits, using: &random)
            let decimal = point == 0 ? mantissa : String(mantissa.prefix(point)) + "." + mantissa.dropFirst(point)
            tokens.append(decimal + "e" + String(Int.random(in: -30...30, using: &random)))
        }
        let json = "{\"uhi_schema\": 1, \"axes\": [{\"type\": \"regular\", \"lower\": 0, \"upper\": 1, \"bins\": "
            + "\(tokens.count), \"underflow\": false, \"overflow\": false, \"circular\": false}], "
            + "\"storage\": {\"type\": \"double\", \"values\": [\(tokens.joined(separator: ","))]}}"
        let values = try #require(try UHI.decode(Array(json.utf8))[""]?.values)
        for (token, value) in zip(tokens, values) {
            let expected = try #require(Double(token))
            #expect(value.bitPattern == expected.bitPattern, "\(token): \(value) instead of \(expected)")
        }
    }

    @Test func layout() throws {
        var histogram = Histogram(
            axes: [
                try .stringCategory(["DY"], name: "dataset", growth: true),
                try .regular(bins: 2, lower: 0, upper: 1, name: "x", label: "x"),
            ], metadata: ["b": 1, "a": "A"])
        try histogram.fill(categories: ["DY"], numbers: [[0.25, 0.75, 2]], weights: [1, 0.5, 2])
        let counts = Histogram(axes: [], storage: .int)
        let text = String(decoding: UHI.encode(["z": counts, "h": histogram], version: "0.1.0"), as: UTF8.self)
        #expect(
            text == """
                {
                "h": {"uhi_schema": 1, "writer_info": {"pocket-coffea": {"version": "0.1.0"}}, "axes": [\
                {"type": "category_str", "categories": ["DY"], "flow": false, "writer_info": {"boost-histogram": {"growth": true}}, \
                "metadata": {"name": "dataset", "label": ""}}, {"type": "regular", "lower": 0.0, "upper": 1.0, "bins": 2, \
                "underflow": true, "overflow": true, "circular": false, "metadata": {"name": "x", "label": "x"}}], \
                "storage": {"type": "weighted", "values": [[0.0,1.0,0.5,2.0]], "variances": [[0.0,1.0,0.25,4.0]]}, \
                "metadata": {"a": "A", "b": 1}},
                "z": {"uhi_schema": 1, "writer_info": {"pocket-coffea": {"version": "0.1.0"}}, "axes": [], \
                "storage": {"type": "int", "values": 0}}
                }

                """)
    }

    @Test func singleHistogramAndSparseForms() throws {
        let single = """
            {"uhi_schema": 1, "axes": [{"type": "regular", "lower": 0, "upper": 2, "bins": 2, "underflow": false,
             "overflow": false, "circular": false}], "storage": {"type": "double", "values": [1.5, 2]}}
            """
        #expect(try UHI.decode(Array(single.utf8))[""]?.values == [1.5, 2])
        let sparse = """
            {"s": {"uhi_schema": 1, "axes": [{"type": "boolean"}, {"type": "category_int", "categories": [5, 6], "flow": true}],
              "storage": {"type": "weighted", "index": [[1, 0], [2, 0]], "values": [3, 4], "variances": [9, 16]}}}
            """
        let histogram = try #require(try UHI.decode(Array(sparse.utf8))["s"])
        #expect(histogram.values == [4, 0, 0, 0, 0, 3])
        #expect(histogram.variances == [16, 0, 0, 0, 0, 9])
        let emptyStorage = #"{"e": {"uhi_schema": 1, "axes": [{"type": "boolean"}], "storage": {"type": "int"}}}"#
        #expect(try UHI.decode(Array(emptyStorage.utf8))["e"]?.values == [0, 0])
    }

    @Test func errors() throws {
        let valid = String(decoding: UHI.encode(try Self.sample(), version: "0"), as: UTF8.self)
        let axis =
            #"{"type": "regular", "lower": 0, "upper": 1, "bins": 2, "underflow": true, "overflow": true, "circular": false}"#
        let cases: [(String, HistogramError.Code, String)] = [
            (String(valid.prefix(valid.count / 2)), .truncatedJSON, "line "),
            (String(valid.dropLast(3)), .truncatedJSON, "cut short"),
            ("[1, 2]", .invalidUHI, "a UHI file is a JSON object, found an array"),
            (
                #"{"h": {"uhi_schema": 2, "axes": [], "storage": {"type": "int"}}}"#, .invalidUHI,
                "histogram 'h': 'uhi_schema' must be 1"
            ),
            (#"{"h": {"uhi_schema": 1, "storage": {"type": "int"}}}"#, .invalidUHI, "'axes' is missing"),
            (
                #"{"h": {"uhi_schema": 1, "axes": [\#(axis)], "storage": {"type": "double", "values": [1, 2, 3]}}}"#,
                .invalidUHI, "histogram 'h': 'values' has 3 numbers where the axes give 4"
            ),
            (
                #"{"h": {"uhi_schema": 1, "axes": [\#(axis)], "storage": {"type": "mean", "counts": [], "values": [], "variances": []}}}"#,
                .unsupported, "storage 'mean' is not supported"
            ),
            (
                #"{"h": {"uhi_schema": 1, "axes": [\#(axis)], "storage": {"type": "double", "values": "h_values.npy"}}}"#,
                .unsupported, "out-of-band"
            ),
            (
                #"{"h": {"uhi_schema": 1, "axes": [{"type": "ragged"}], "storage": {"type": "int"}}}"#, .invalidUHI,
                "histogram 'h': axis 0: unknown axis type 'ragged'"
            ),
            (
                #"{"h": {"uhi_schema": 1, "axes": [{"type": "variable", "edges": [1, 0], "underflow": true, "overflow": true, "circular": false}], "storage": {"type": "int"}}}"#,
                .invalidAxis, "strictly increasing"
            ),
            (
                #"{"h": {"uhi_schema": 1, "axes": [], "storage": {"type": "int", "values": 1.5}}}"#, .invalidFill,
                "int storage holds whole numbers"
            ),
        ]
        for (text, code, message) in cases {
            let error = #expect(throws: HistogramError.self) { try UHI.decode(Array(text.utf8)) }
            #expect(error?.code == code, "\(message)")
            #expect(error?.message.contains(message) == true, "\(error?.message ?? "") lacks \(message)")
        }
    }

    @Test func everyCutShortFileIsReportedAsTruncated() throws {
        let bytes = UHI.encode(try Self.sample(), version: "0")
        for length in 0..<(bytes.count - 1) {
            let error = #expect(throws: HistogramError.self) { try UHI.decode(Array(bytes.prefix(length))) }
            #expect(error?.code == .truncatedJSON, "cut at \(length): \(error?.message ?? "")")
        }
    }

    // MARK: - Against uhi and hist

    @Test(.enabled(if: HistReference.isAvailable)) func uhiValidatesAndHistReadsBack() throws {
        let folder = TestPaths.scratchFolder("uhi")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let histograms = try Self.sample()
        let path = folder + "/ours.json"
        try Data(UHI.encode(histograms, version: "0.1.0")).write(to: URL(fileURLWithPath: path))
        let validation = try HistReference.validate([path])
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
        let back = folder + "/back.json"
        let roundTrip = try HistReference.run(["roundtrip", path, back])
        #expect(roundTrip.status == 0, "\(roundTrip.stderr)")
        Self.assertIdentical(try UHI.decode(Array(try Data(contentsOf: URL(fileURLWithPath: back)))), histograms)
    }

    @Test(.enabled(if: hasSpecExamples)) func specExamplesReencodeToEquivalentJSON() throws {
        for file in ["example_weighted.json", "example_misc.json"] {
            let original = try Data(contentsOf: URL(fileURLWithPath: Self.specFolder + "/" + file))
            let reencoded = Data(UHI.encode(try UHI.decode(Array(original)), version: "0.1.0"))
            #expect(try Self.normalized(original) == Self.normalized(reencoded), "\(file)")
        }
    }

    @Test(.enabled(if: hasSpecExamples && HistReference.isAvailable)) func specExamplesStayValidForUHIAndHist() throws {
        let folder = TestPaths.scratchFolder("uhi-examples")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var written: [String] = []
        for file in ["example_weighted.json", "example_misc.json"] {
            let original = try Data(contentsOf: URL(fileURLWithPath: Self.specFolder + "/" + file))
            let path = folder + "/" + file
            try Data(UHI.encode(try UHI.decode(Array(original)), version: "0.1.0")).write(
                to: URL(fileURLWithPath: path))
            written.append(path)
        }
        let validation = try HistReference.validate(written)
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
        let comparison = try HistReference.run(["compare", written[0], Self.specFolder + "/example_weighted.json"])
        #expect(comparison.status == 0, "\(comparison.stdout)\(comparison.stderr)")
    }

    /// The JSON as Foundation objects, without what a re-encoding may change: the writer_info of the
    /// histogram (the writer) and of the axes (other than growth, which is kept).
    static func normalized(_ data: Data) throws -> NSDictionary {
        guard var file = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        for (name, value) in file {
            guard var histogram = value as? [String: Any] else { continue }
            histogram["writer_info"] = nil
            histogram["axes"] = (histogram["axes"] as? [[String: Any]])?.map { axis in
                var axis = axis
                let growth = ((axis["writer_info"] as? [String: Any])?["boost-histogram"] as? [String: Any])?["growth"]
                axis["writer_info"] = growth.map { ["boost-histogram": ["growth": $0]] }
                return axis
            }
            file[name] = histogram
        }
        return file as NSDictionary
    }
}
