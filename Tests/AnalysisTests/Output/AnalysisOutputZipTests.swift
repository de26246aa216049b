import Analysis
import Columnar
import Configuration
import Foundation
import TestSupport
import Testing

/// The output in UHI's zip form (`output-format: zip`): chosen by the extension when writing and by the
/// bytes when reading, equal to the JSON form, mergeable with it, accepted by `uhi validate` and hist,
/// and checked cheaply (end records and the processing entry) with the same errors as JSON.
@Suite struct AnalysisOutputZipTests {
    @Test func zipAndJSONHoldTheSameOutput() throws {
        let output = try AnalysisOutputFileTests.sample()
        try AnalysisOutputFileTests.withFile { folder in
            try output.write(to: folder + "/out.zip")
            try output.write(to: folder + "/out.json")
            let zip = try Data(contentsOf: URL(fileURLWithPath: folder + "/out.zip"))
            #expect(UHI.isZip(zip))
            #expect(try AnalysisOutput.read(from: folder + "/out.zip") == output)
            try AnalysisOutput.validate(file: folder + "/out.zip")
            let mixed = try AnalysisOutput.read(from: folder + "/out.zip").merged(
                with: try AnalysisOutput.read(from: folder + "/out.json"))
            #expect(mixed == (try output.merged(with: output)))
        }
    }

    @Test func formatFollowsTheExtension() {
        #expect(OutputFormat(path: "/a/output_job_3.zip") == .zip)
        #expect(OutputFormat(path: "/a/OUT.ZIP") == .zip)
        #expect(OutputFormat(path: "/a/output_all.json") == .json)
        #expect(OutputFormat(path: "merged") == .json)
    }

    @Test func cheapValidationCatchesCutsAndForeignArchives() throws {
        let bytes = try AnalysisOutputFileTests.sample().encoded(as: .zip)
        try AnalysisOutputFileTests.withFile { folder in
            let path = folder + "/out.zip"
            for length in [4, 30, 200, bytes.count / 2, bytes.count - 23, bytes.count - 1] {
                _ = FileManager.default.createFile(atPath: path, contents: Data(bytes.prefix(length)))
                let error = #expect(throws: AnalysisOutputError.self) { try AnalysisOutput.validate(file: path) }
                #expect(error?.code == .truncated, "cut at \(length): \(error?.description ?? "")")
                #expect(error?.file == path)
            }
            let foreign = try UHI.encodeZip(ordered: [("h", Histogram(axes: [], storage: .double))], version: "0")
            _ = FileManager.default.createFile(atPath: path, contents: Data(foreign))
            let error = #expect(throws: AnalysisOutputError.self) { try AnalysisOutput.validate(file: path) }
            #expect(error?.code == .notAnOutput)
            var damaged = bytes
            damaged[100] ^= 0xFF
            _ = FileManager.default.createFile(atPath: path, contents: Data(damaged))
            let broken = #expect(throws: AnalysisOutputError.self) { try AnalysisOutput.read(from: path) }
            #expect(broken?.code == .malformed)
            #expect(broken?.description.contains("CRC-32") == true)
        }
    }

    @Test(.enabled(if: HistReference.isAvailable)) func uhiValidatesAndHistReadsTheSameValues() throws {
        let output = try AnalysisOutputFileTests.sample()
        try AnalysisOutputFileTests.withFile { folder in
            try output.write(to: folder + "/output_all.zip")
            try output.write(to: folder + "/output_all.json")
            let validation = try HistReference.validate([folder + "/output_all.zip"])
            #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
            let comparison = try HistReference.run(["compare", folder + "/output_all.zip", folder + "/output_all.json"])
            #expect(comparison.status == 0, "\(comparison.stdout)\(comparison.stderr)")
        }
    }
}
