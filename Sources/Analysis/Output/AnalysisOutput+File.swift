// Analysis layer: the output file — UHI JSON (`output_<name>.json`), written atomically, read with
// errors that name the file and say whether it is cut short or not ours, and checked cheaply before
// a merge: the first line (the `processing` entry) and the last byte.

import Columnar
import Configuration
import Foundation

extension AnalysisOutput {
    /// The file's bytes: UHI JSON, one entry per line.
    public var encoded: [UInt8] { UHI.encode(ordered: entries, version: version) }

    /// An output from the bytes of a file.
    ///
    /// - Parameter file: the file's path, for errors.
    /// - Throws: ``AnalysisOutputError``: `.truncated` when the text ends early, `.notAnOutput` for
    ///   anything but a pocket-coffea output, `.newerFormat`, or `.malformed` naming the broken entry.
    public init(decoding bytes: [UInt8], file: String? = nil) throws(AnalysisOutputError) {
        let histograms: [String: Histogram]
        do throws(HistogramError) {
            histograms = try UHI.decode(bytes)
        } catch {
            let failure = Self.failure(error, bytes: bytes)
            throw file.map(failure.inFile) ?? failure
        }
        do {
            try self.init(entries: histograms)
        } catch {
            throw file.map(error.inFile) ?? error
        }
    }

    /// Writes the output to `path` atomically (a temporary file in the same folder, then a rename).
    ///
    /// - Throws: ``AnalysisOutputError`` `.io` naming the file and the system's reason.
    public func write(to path: String) throws(AnalysisOutputError) {
        do {
            try AtomicFile.write(encoded, to: path)
        } catch {
            throw AnalysisOutputError(.io, file: path, error.message)
        }
    }

    /// Reads an output file.
    ///
    /// - Throws: ``AnalysisOutputError`` naming the file: `.io` when it cannot be read, otherwise as
    ///   ``init(decoding:file:)``.
    public static func read(from path: String) throws(AnalysisOutputError) -> AnalysisOutput {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnalysisOutputError(.io, file: path, "cannot read the file (missing or not readable)")
        }
        return try AnalysisOutput(decoding: Array(data), file: path)
    }

    /// Checks cheaply that `path` is a complete pocket-coffea output of a format this build reads.
    ///
    /// Its first line must be a `processing` entry of ours and its last line the closing brace (it reads
    /// the first 64 KiB and the last 16 bytes). A full read (``read(from:)``) also checks every histogram.
    ///
    /// - Throws: ``AnalysisOutputError`` naming the file: `.io`, `.truncated`, `.notAnOutput`, `.newerFormat`.
    public static func validate(file path: String) throws(AnalysisOutputError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw AnalysisOutputError(.io, file: path, "cannot read the file (missing or not readable)")
        }
        defer { try? handle.close() }
        let head: [UInt8]
        let tail: [UInt8]
        do {
            head = Array(try handle.read(upToCount: 65_536) ?? Data())
            let size = try handle.seekToEnd()
            try handle.seek(toOffset: size > 16 ? size - 16 : 0)
            tail = Array(try handle.readToEnd() ?? Data())
        } catch {
            throw AnalysisOutputError(.io, file: path, "cannot read the file: \(error.localizedDescription)")
        }
        guard head.starts(with: header) else {
            guard !head.isEmpty, !header.starts(with: head) else {
                throw AnalysisOutputError(.truncated, file: path, "the file is cut short (\(head.count) bytes)")
            }
            throw AnalysisOutputError(
                .notAnOutput, file: path, "not a pocket-coffea output: it does not start with the 'processing' entry")
        }
        guard let end = head.firstIndex(of: UInt8(ascii: "\n"), after: header.count) else {
            throw AnalysisOutputError(.truncated, file: path, "the file is cut short inside its first entry")
        }
        var line = Array(head[1..<end])
        if line.last == UInt8(ascii: ",") { line.removeLast() }
        let first: [String: Histogram]
        do throws(HistogramError) {
            first = try UHI.decode(Array("{".utf8) + line + Array("}".utf8))
        } catch {
            throw AnalysisOutputError(.notAnOutput, file: path, "not a pocket-coffea output: \(error.message)")
        }
        do {
            try checkProcessing(first["processing"])
        } catch {
            throw error.inFile(path)
        }
        // Entries are single lines, so only the last line of a complete file is a lone brace.
        guard tail.reversed().starts(with: Array("}\n}\n".utf8).reversed()) else {
            throw AnalysisOutputError(
                .truncated, file: path, "the file is cut short: its last line is not the closing '}'")
        }
    }

    /// The first bytes of every output this project writes.
    private static let header = Array("{\n\"processing\": ".utf8)

    /// The output error for a file that failed to decode as UHI.
    private static func failure(_ error: HistogramError, bytes: [UInt8]) -> AnalysisOutputError {
        guard bytes.starts(with: header) else {
            if error.code == .truncatedJSON, header.starts(with: bytes) {
                return AnalysisOutputError(.truncated, "the file is cut short (\(bytes.count) bytes)")
            }
            let kind = bytes.first == UInt8(ascii: "{") ? "JSON of another program" : "not JSON (a coffea pickle?)"
            return AnalysisOutputError(.notAnOutput, "not a pocket-coffea output: \(kind); \(error.message)")
        }
        switch error.code {
        case .truncatedJSON:
            return AnalysisOutputError(
                .truncated, "the file is cut short (\(error.message)); was a job or a copy interrupted?")
        case .malformedJSON:
            return AnalysisOutputError(.malformed, "not valid JSON: \(error.message)")
        case .invalidUHI, .unsupported, .invalidAxis, .invalidFill, .incompatible:
            return AnalysisOutputError(.malformed, "not valid UHI: \(error.message)")
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func firstIndex(of byte: UInt8, after start: Int) -> Int? {
        self[Swift.min(start, count)...].firstIndex(of: byte)
    }
}
