import Foundation
import TestSupport
import Testing

@testable import Columnar

/// UHI's zip form: exact and deterministic round trips, `uhi validate` and hist (uhi.io.zip) on what we
/// write, archives Python writes (deflated members, .npy of other element types), zip64, and errors —
/// never a crash — for archives cut short or damaged.
@Suite struct UHIZipTests {
    @Test func roundTripIsExactAndDeterministic() throws {
        let histograms = try UHITests.sample()
        let ordered = histograms.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let bytes = try UHI.encodeZip(ordered: ordered, version: "1.2.3")
        #expect(UHI.isZip(bytes))
        UHITests.assertIdentical(try UHI.decodeZip(bytes), histograms)
        let again = try UHI.decodeZip(bytes).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        #expect(try UHI.encodeZip(ordered: again, version: "1.2.3") == bytes)
    }

    @Test func membersAreNamedAsUHIZipNamesThem() throws {
        let histograms = try UHITests.sample()
        let archive = try ZipArchiveReader(
            bytes: try UHI.encodeZip(ordered: [("hist/w", histograms["weighted"]!)], version: "0"))
        #expect(
            archive.entries.map(\.name) == [
                "hist/w_storage_values.npy", "hist/w_storage_variances.npy", "hist/w.json",
            ])
        let json = String(decoding: try archive.contents(of: archive.entries[2]), as: UTF8.self)
        #expect(json.contains(#""values": "hist/w_storage_values.npy", "variances": "hist/w_storage_variances.npy""#))
    }

    @Test func selectedHistogramsAreReadAlone() throws {
        let histograms = try UHITests.sample()
        let bytes = try UHI.encodeZip(ordered: histograms.map { ($0.key, $0.value) }, version: "0")
        var reads = 0
        let selected = try UHI.decodeZip(size: bytes.count, names: ["scalar", "absent"]) { offset, count in
            reads += 1
            return bytes[offset..<offset + count]
        }
        #expect(Array(selected.keys) == ["scalar"])
        #expect(selected["scalar"]?.values == histograms["scalar"]?.values)
        #expect(reads <= 8)
    }

    @Test func aSharedCacheGivesEachFileItsOwnArrays() throws {
        let histograms = try UHITests.sample()
        let ordered = histograms.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        var changed = histograms
        changed["weighted"]!.values = changed["weighted"]!.values.map { $0 * 3 }
        changed["counts"]!.values = changed["counts"]!.values.map { $0 + 1 }
        let first = try UHI.encodeZip(ordered: ordered, version: "0")
        let second = try UHI.encodeZip(
            ordered: changed.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, version: "0")
        let cache = UHIZipDecodeCache()
        for _ in 0..<2 {
            UHITests.assertIdentical(try UHI.decodeZip(first, cache: cache), histograms)
            UHITests.assertIdentical(try UHI.decodeZip(second, cache: cache), changed)
        }
    }

    @Test func outOfBandEdgesAreNeverTakenFromTheCache() throws {
        let json = Array(
            """
            {"uhi_schema": 1, "axes": [{"type": "variable", "edges": "h_axis_0_edges.npy", "underflow": false, \
            "overflow": false, "circular": false}], "storage": {"type": "double", "values": "h_storage_values.npy"}}
            """.utf8)
        func archive(edges: [Double]) throws -> [UInt8] {
            var writer = ZipArchiveWriter()
            try writer.add("h_axis_0_edges.npy", NPYArray.encode(edges, shape: [3], as: .float64))
            try writer.add("h_storage_values.npy", NPYArray.encode([1, 2], shape: [2], as: .float64))
            try writer.add("h.json", json)
            return writer.finish()
        }
        let cache = UHIZipDecodeCache()
        for edges: [Double] in [[0, 1, 2], [0, 5, 10]] {
            let histogram = try #require(try UHI.decodeZip(try archive(edges: edges), cache: cache)["h"])
            #expect(histogram.axes == [try .variable(edges: edges, name: "", underflow: false, overflow: false)])
        }
    }

    // MARK: - Against uhi and hist

    @Test(.enabled(if: HistReference.isAvailable)) func uhiValidatesAndHistReadsBack() throws {
        let folder = TestPaths.scratchFolder("uhi-zip")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let histograms = try UHITests.sample()
        let path = folder + "/ours.zip"
        try Data(try UHI.encodeZip(ordered: histograms.map { ($0.key, $0.value) }, version: "0.1.0"))
            .write(to: URL(fileURLWithPath: path))
        let validation = try HistReference.validate([path])
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
        try Data(UHI.encode(histograms, version: "0.1.0")).write(to: URL(fileURLWithPath: folder + "/ours.json"))
        let comparison = try HistReference.run(["compare", path, folder + "/ours.json"])
        #expect(comparison.status == 0, "\(comparison.stdout)\(comparison.stderr)")
        // hist writes it back with Python's zipfile (deflated members) and its own .npy headers.
        let back = folder + "/back.zip"
        let roundTrip = try HistReference.run(["roundtrip", path, back])
        #expect(roundTrip.status == 0, "\(roundTrip.stderr)")
        UHITests.assertIdentical(try UHI.decodeZip(Array(try Data(contentsOf: URL(fileURLWithPath: back)))), histograms)
    }

    @Test(.enabled(if: HistReference.isAvailable)) func numpyElementTypesAreRead() throws {
        let script = """
            import io, sys, numpy as np
            for dtype in ["<f8", ">f8", "<f4", "<i8", ">i4", "<i2", "|i1", "<u8", "<u4", "|u1", "|b1"]:
                a = np.array([[0, 1, 2], [3, 100, 1]]).astype(dtype)
                buffer = io.BytesIO(); np.save(buffer, a)
                sys.stdout.write(dtype + " " + buffer.getvalue().hex() + "\\n")
            buffer = io.BytesIO(); np.save(buffer, np.asfortranarray(np.arange(24.0).reshape(2, 3, 4))); print("F " + buffer.getvalue().hex())
            buffer = io.BytesIO(); np.save(buffer, np.array(["a"])); print("U " + buffer.getvalue().hex())
            """
        let result = try CommandResult.run(HistReference.python!, ["-c", script])
        #expect(result.status == 0, "\(result.stderr)")
        for line in result.stdout.split(separator: "\n") {
            let fields = line.split(separator: " ")
            let bytes = try #require(Self.bytes(hex: String(fields[1])))
            switch fields[0] {
            case "F":
                let array = try NPYArray(decoding: bytes[...], name: "fortran")
                #expect(array.shape == [2, 3, 4])
                #expect(array.values == (0..<24).map(Double.init))
            case "U":
                #expect(throws: HistogramError.self) { try NPYArray(decoding: bytes[...], name: "u") }
            default:
                let array = try NPYArray(decoding: bytes[...], name: String(fields[0]))
                #expect(array.shape == [2, 3], "\(fields[0])")
                let expected: [Double] = fields[0] == "|b1" ? [0, 1, 1, 1, 1, 1] : [0, 1, 2, 3, 100, 1]
                #expect(array.values == expected, "\(fields[0])")
            }
        }
    }

    @Test(.enabled(if: HistReference.isAvailable)) func zip64ArchivesAreWrittenAndRead() throws {
        var writer = ZipArchiveWriter()
        for index in 0..<70_000 { try writer.add("m\(index)", [UInt8(index & 0xFF)]) }
        let bytes = writer.finish()
        let archive = try ZipArchiveReader(bytes: bytes)
        #expect(archive.entries.count == 70_000)
        #expect(Array(try archive.contents(of: archive.entries[69_999])) == [UInt8(69_999 & 0xFF)])
        let folder = TestPaths.scratchFolder("zip64")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/many.zip"))
        let check = try CommandResult.run(
            HistReference.python!,
            [
                "-c",
                "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(len(z.namelist()), z.read('m69999').hex())",
                folder + "/many.zip",
            ])
        #expect(check.stdout == "70000 6f\n", "\(check.stderr)")
    }

    // MARK: - Damaged archives

    @Test func everyCutShortArchiveIsAnErrorNeverACrash() throws {
        let histograms = try UHITests.sample()
        let bytes = try UHI.encodeZip(ordered: [("counts", histograms["counts"]!)], version: "0")
        for length in 0..<bytes.count {
            do {
                _ = try UHI.decodeZip(Array(bytes[..<length]))
                Issue.record("a \(length)-byte prefix decoded")
            } catch {
                #expect(
                    error.code == .truncatedArchive || (length < 4 && error.code == .malformedArchive),
                    "\(length) bytes: \(error)")
            }
        }
    }

    @Test func damagedBytesAreReportedNeverACrash() throws {
        let histograms = try UHITests.sample()
        let bytes = try UHI.encodeZip(ordered: histograms.map { ($0.key, $0.value) }, version: "0")
        var random = SeededGenerator(seed: 5)
        var failures: [HistogramError.Code: Int] = [:]
        for _ in 0..<3_000 {
            var damaged = bytes
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                damaged[Int.random(in: 0..<damaged.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            do {
                _ = try UHI.decodeZip(damaged)
            } catch {
                failures[error.code, default: 0] += 1
            }
        }
        #expect((failures[.malformedArchive] ?? 0) > 1_000, "\(failures)")
    }

    @Test func aChangedByteFailsTheChecksum() throws {
        let histograms = try UHITests.sample()
        var bytes = try UHI.encodeZip(ordered: [("weighted", histograms["weighted"]!)], version: "0")
        bytes[200] ^= 0x01
        #expect {
            try UHI.decodeZip(bytes)
        } throws: { error in
            (error as? HistogramError)?.message
                == "histogram 'weighted': member 'weighted_storage_values.npy' fails its CRC-32 check"
        }
    }

    @Test func aMissingArrayMemberIsNamed() throws {
        let histograms = try UHITests.sample()
        let full = try ZipArchiveReader(bytes: try UHI.encodeZip(ordered: [("s", histograms["scalar"]!)], version: "0"))
        var writer = ZipArchiveWriter()
        try writer.add("s.json", Array(try full.contents(of: full.entries[1])))
        #expect {
            try UHI.decodeZip(writer.finish())
        } throws: { error in
            (error as? HistogramError)?.message
                == "histogram 's': histogram 's' names member 's_storage_values.npy', which the archive lacks"
        }
    }

    private static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        return stride(from: 0, to: digits.count, by: 2).compactMap {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)
        }
    }
}
