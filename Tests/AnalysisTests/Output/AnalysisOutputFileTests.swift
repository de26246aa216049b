import Analysis
import Columnar
import Foundation
import TestSupport
import Testing

/// The output file: exact round trips, its layout, `uhi validate` and hist on it, and the errors of
/// files that are cut short, not ours or newer, for a full read and for the cheap check.
@Suite struct AnalysisOutputFileTests {
    static func sample() throws -> AnalysisOutput {
        var output = try OutputSamples.job(
            7, datasets: ["DYJetsToLL_M-50_2018", "DATA_SingleMuon_2018"], skipped: ["x.root"])
        output.recordSkipped(
            dataset: "DATA_SingleMuon_2018", file: "root://eos//y.root", reason: "line 1\nline 2 \"quoted\"")
        output.recordSkipped(dataset: "DYJetsToLL_M-50_2018", file: "z.root", reason: "timeout")
        return output
    }

    static func withFile<T>(_ body: (String) throws -> T) throws -> T {
        let folder = TestPaths.scratchFolder("output")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try body(folder)
    }

    @Test func roundTripIsExact() throws {
        let output = try Self.sample()
        #expect(try AnalysisOutput(decoding: output.encoded()) == output)
        try Self.withFile { folder in
            let path = folder + "/nested/output_job_0.json"
            try output.write(to: path)
            #expect(try AnalysisOutput.read(from: path) == output)
            try AnalysisOutput.validate(file: path)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder + "/nested")
            #expect(leftovers == ["output_job_0.json"])
        }
    }

    @Test func oneEntryPerLineInAFixedOrder() throws {
        let text = String(decoding: try Self.sample().encoded(), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let names = lines.dropFirst().dropLast(2).map { $0.prefix { $0 != ":" } }
        #expect(
            names == [
                "\"processing\"", "\"datasets\"", "\"sum_genweights\"", "\"sum_signOf_genweights\"",
                "\"cutflow/events\"",
                "\"cutflow/sumw\"", "\"hist/mll\"", "\"hist/muon_pt_eta\"",
            ])
        #expect(lines.first == "{" && lines.suffix(2) == ["}", ""])
        #expect(
            lines[1]
                == """
                "processing": {"uhi_schema": 1, "writer_info": {"pocket-coffea": {"version": "0.1.0"}}, "axes": [], \
                "storage": {"type": "double", "values": 7.25}, "metadata": {"format": "pocket-coffea-output", \
                "format_version": 1, "version": "0.1.0"}},
                """)
        #expect(text.contains(#""skipped_file.1:DATA_SingleMuon_2018": "root://eos//y.root""#))
        #expect(text.contains(#""skipped_reason.1:DATA_SingleMuon_2018": "line 1\nline 2 \"quoted\"""#))
        #expect(text.contains(#""storage": {"type": "int", "values": [[200,2,1],[200,2,1]]}"#))
    }

    // MARK: - Errors

    @Test func readErrorsNameTheFile() throws {
        let bytes = try Self.sample().encoded()
        try Self.withFile { folder in
            let newer = String(decoding: bytes, as: UTF8.self).replacingOccurrences(
                of: "\"format_version\": 1", with: "\"format_version\": 2")
            let withoutCutflow = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
                .filter { !$0.hasPrefix("\"cutflow/events\"") }.joined(separator: "\n")
            let theirs = String(
                decoding: UHI.encode(
                    ["h": Histogram(axes: [try .regular(bins: 1, lower: 0, upper: 1, name: "x")])], version: "0"),
                as: UTF8.self)
            let cases: [(String, [UInt8], AnalysisOutputError.Code, String)] = [
                ("cut.json", Array(bytes.prefix(bytes.count / 2)), .truncated, "the file is cut short (line "),
                ("cut-early.json", Array(bytes.prefix(5)), .truncated, "the file is cut short (5 bytes)"),
                ("empty.json", [], .truncated, "the file is cut short (0 bytes)"),
                (
                    "pickle.pkl", [0x80, 0x04, 0x95, 0x10], .notAnOutput,
                    "not a pocket-coffea output: not JSON (a coffea pickle?)"
                ),
                (
                    "theirs.json", Array(theirs.utf8), .notAnOutput,
                    "not a pocket-coffea output: UHI histograms without a 'processing' entry"
                ),
                (
                    "other.json", Array(#"{"a": [1, 2]}"#.utf8), .notAnOutput,
                    "not a pocket-coffea output: JSON of another program"
                ),
                ("newer.json", Array(newer.utf8), .newerFormat, "written in output format 2 by pocket-coffea 0.1.0"),
                ("partial.json", Array(withoutCutflow.utf8), .malformed, "the entry 'cutflow/events' is missing"),
            ]
            for (name, content, code, message) in cases {
                let path = folder + "/" + name
                _ = FileManager.default.createFile(atPath: path, contents: Data(content))
                let error = #expect(throws: AnalysisOutputError.self) { try AnalysisOutput.read(from: path) }
                #expect(error?.code == code, "\(name)")
                #expect(error?.file == path)
                #expect(error?.description.hasPrefix(path + ": " + message) == true, "\(error?.description ?? "")")
            }
            let missing = #expect(throws: AnalysisOutputError.self) {
                try AnalysisOutput.read(from: folder + "/none.json")
            }
            #expect(missing?.code == .io)
        }
    }

    @Test func cheapValidationCatchesEveryCut() throws {
        let bytes = try Self.sample().encoded()
        try Self.withFile { folder in
            let path = folder + "/out.json"
            let firstLine = bytes.firstIndex(of: UInt8(ascii: "\n"), after: 2) ?? 0
            for length in [0, 1, 10, firstLine - 3, firstLine + 1, bytes.count / 2, bytes.count - 3, bytes.count - 1] {
                _ = FileManager.default.createFile(atPath: path, contents: Data(bytes.prefix(length)))
                let error = #expect(throws: AnalysisOutputError.self) { try AnalysisOutput.validate(file: path) }
                #expect(error?.code == .truncated, "cut at \(length): \(error?.description ?? "")")
            }
            for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") && index + 1 < bytes.count {
                _ = FileManager.default.createFile(atPath: path, contents: Data(bytes.prefix(index)))
                #expect(throws: AnalysisOutputError.self) { try AnalysisOutput.validate(file: path) }
            }
            _ = FileManager.default.createFile(atPath: path, contents: Data(#"{"a": 1}"#.utf8))
            #expect(throws: AnalysisOutputError.self) { try AnalysisOutput.validate(file: path) }
            let newer = String(decoding: bytes, as: UTF8.self).replacingOccurrences(
                of: "\"format_version\": 1", with: "\"format_version\": 2")
            _ = FileManager.default.createFile(atPath: path, contents: Data(newer.utf8))
            let error = #expect(throws: AnalysisOutputError.self) { try AnalysisOutput.validate(file: path) }
            #expect(error?.code == .newerFormat)
            let missing = #expect(throws: AnalysisOutputError.self) {
                try AnalysisOutput.validate(file: folder + "/none")
            }
            #expect(missing?.code == .io)
        }
    }

    @Test func writeErrorsNameTheFile() throws {
        try Self.withFile { folder in
            _ = FileManager.default.createFile(atPath: folder + "/file", contents: Data())
            let error = #expect(throws: AnalysisOutputError.self) {
                try AnalysisOutput().write(to: folder + "/file/out.json")
            }
            #expect(error?.code == .io)
            #expect(error?.file == folder + "/file/out.json")
        }
    }

    // MARK: - Against uhi and hist

    @Test(.enabled(if: HistReference.isAvailable)) func uhiValidatesAndHistReadsTheSameValues() throws {
        let output = try Self.sample()
        try Self.withFile { folder in
            let path = folder + "/output_all.json"
            try output.write(to: path)
            let validation = try HistReference.validate([path])
            #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
            let back = folder + "/hist.json"
            let roundTrip = try HistReference.run(["roundtrip", path, back])
            #expect(roundTrip.status == 0, "\(roundTrip.stderr)")
            let histograms = try UHI.decode(Array(try Data(contentsOf: URL(fileURLWithPath: back))))
            #expect(histograms.keys.sorted() == output.histograms.keys.sorted())
            for (name, histogram) in output.histograms {
                let read = try #require(histograms[name])
                #expect(read.axes == histogram.axes, "\(name)")
                #expect(read.storage == histogram.storage, "\(name)")
                #expect(read.values == histogram.values && read.variances == histogram.variances, "\(name)")
                #expect(read.metadata == histogram.metadata, "\(name)")
            }
        }
    }

    /// The same fills given to hist: hist/mll bin for bin.
    @Test(.enabled(if: HistReference.isAvailable)) func fillsEqualHists() throws {
        var output = try OutputSamples.declared()
        var fills: [String] = []
        var random = SeededRandom(seed: 9)
        for (dataset, category, variation) in [
            ("DY", "inclusive", "nominal"), ("TT", "2jets", "sf_up"), ("DY", "2jets", "sf_down"),
            ("DY", "inclusive", "nominal"),
        ] {
            let mll = (0..<500).map { _ in Double.random(in: 55...125, using: &random) } + [60, 120, .nan]
            let weights = mll.map { _ in Double.random(in: -1...2, using: &random) }
            try output.fill(
                variable: "mll", dataset: dataset, category: category, variation: variation, values: [mll],
                weights: weights)
            let numbers = mll.map { $0.isNaN ? "NaN" : "\($0)" }.joined(separator: ", ")
            fills.append(
                """
                {"categories": {"dataset": "\(dataset)", "category": "\(category)", "variation": "\(variation)"}, \
                "numbers": {"mll": [\(numbers)]}, "weights": [\(weights.map { "\($0)" }.joined(separator: ", "))]}
                """)
        }
        let spec = """
            {"mll": {"storage": "weighted", "axes": [
              {"type": "category_str", "name": "dataset", "label": "Dataset", "categories": [], "flow": false, "growth": true},
              {"type": "category_str", "name": "category", "label": "Category", "categories": ["inclusive", "2jets"], "flow": false, "growth": false},
              {"type": "category_str", "name": "variation", "label": "Variation", "categories": ["nominal", "sf_up", "sf_down"], "flow": false, "growth": false},
              {"type": "regular", "name": "mll", "label": "m(μμ) [GeV]", "bins": 12, "lower": 60, "upper": 120, "underflow": true, "overflow": true, "circular": false}],
             "fills": [\(fills.joined(separator: ", "))]}}
            """
        try Self.withFile { folder in
            let specPath = TestPaths.write(spec, to: "spec.json", in: folder)
            let result = try HistReference.run(["fill", specPath, folder + "/hist.json"])
            #expect(result.status == 0, "\(result.stderr)")
            let theirs = try #require(
                try UHI.decode(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/hist.json"))))["mll"])
            let ours = try #require(output.variables["mll"])
            #expect(ours.axes == theirs.axes)
            #expect(ours.values == theirs.values)
            #expect(ours.variances == theirs.variances)
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func firstIndex(of byte: UInt8, after start: Int) -> Int? { self[start...].firstIndex(of: byte) }
}
