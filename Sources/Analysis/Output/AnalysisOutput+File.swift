// Analysis layer: the output file — UHI JSON (`output_<name>.json`) or UHI zip (`output_<name>.zip`,
// binary arrays, fast to merge), chosen by the file's extension when writing and by its first bytes
// when reading. Written atomically, read with errors that name the file and say whether it is cut
// short or not ours, and checked cheaply before a merge: for JSON the first line (the `processing`
// entry) and the last byte; for zip the end records, the directory and the `processing` members.

import Columnar
import Configuration
import Foundation

extension AnalysisOutput {
    /// The file's bytes: UHI JSON with one entry per line, or the UHI zip form.
    ///
    /// - Throws: ``AnalysisOutputError`` `.invalidUse` when a histogram is too large for a zip member (4 GiB).
    public func encoded(as format: OutputFormat = .json) throws(AnalysisOutputError) -> [UInt8] {
        switch format {
        case .json:
            return UHI.encode(ordered: entries, version: version)
        case .zip:
            do throws(HistogramError) {
                return try UHI.encodeZip(ordered: entries, version: version)
            } catch {
                throw AnalysisOutputError(.invalidUse, error.message)
            }
        }
    }

    /// An output from the bytes of a file.
    ///
    /// - Parameters:
    ///   - file: the file's path, for errors.
    ///   - cache: decoded zip members shared with the other reads of a merge, or nil.
    /// - Throws: ``AnalysisOutputError``: `.truncated` when the text ends early, `.notAnOutput` for
    ///   anything but a pocket-coffea output, `.newerFormat`, or `.malformed` naming the broken entry.
    public init(decoding bytes: [UInt8], file: String? = nil, cache: UHIZipDecodeCache? = nil)
        throws(AnalysisOutputError)
    {
        let histograms: [String: Histogram]
        do throws(HistogramError) {
            histograms = try UHI.isZip(bytes) ? UHI.decodeZip(bytes, cache: cache) : UHI.decode(bytes)
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

    /// Writes the output to `path` atomically (a temporary file in the same folder, then a rename), in the
    /// format its extension names (``OutputFormat/init(path:)``).
    ///
    /// - Throws: ``AnalysisOutputError`` `.io` naming the file and the system's reason.
    public func write(to path: String) throws(AnalysisOutputError) {
        let bytes = try encoded(as: OutputFormat(path: path))
        do {
            try AtomicFile.write(bytes, to: path)
        } catch {
            throw AnalysisOutputError(.io, file: path, error.message)
        }
    }

    /// Reads an output file.
    ///
    /// - Throws: ``AnalysisOutputError`` naming the file: `.io` when it cannot be read, otherwise as
    ///   ``init(decoding:file:)``.
    public static func read(from path: String, cache: UHIZipDecodeCache? = nil) throws(AnalysisOutputError)
        -> AnalysisOutput
    {
        guard let bytes = FileBytes.contents(path) else {
            throw AnalysisOutputError(.io, file: path, "cannot read the file (missing or not readable)")
        }
        return try AnalysisOutput(decoding: bytes, file: path, cache: cache)
    }

    /// Checks cheaply that `path` is a complete pocket-coffea output of a format this build reads.
    ///
    /// Its first line must be a `processing` entry of ours and its last line the closing brace (it reads
    /// the first 64 KiB and the last 16 bytes); for the zip form see ``validateZip(_:head:file:)``. A full
    /// read (``read(from:)``) also checks every histogram.
    ///
    /// - Throws: ``AnalysisOutputError`` naming the file: `.io`, `.truncated`, `.notAnOutput`, `.newerFormat`.
    public static func validate(file path: String) throws(AnalysisOutputError) {
        guard let file = PositionedFile(path: path) else {
            throw AnalysisOutputError(.io, file: path, "cannot read the file (missing or not readable)")
        }
        // The zip form puts `processing` first, in a few kilobytes; a JSON first line can be longer.
        guard let start = file.read(at: 0, count: 4096) else { throw unreadable(path) }
        if UHI.isZip(start) { return try validateZip(file, head: start, file: path) }
        guard let rest = file.read(at: start.count, count: 65_536 - start.count),
            let tail = file.read(at: max(file.size - 16, 0), count: 16)
        else { throw unreadable(path) }
        let head = start + rest
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

    /// The zip form's check: its end records and directory, and the `processing` entry (two small members).
    /// They are served from `head` (the file's first bytes, where the writer puts `processing`) and one read
    /// of the last 16 KiB (the directory of an output of ours with a few hundred histograms), so a check
    /// costs two small reads; members or directories elsewhere are read where they lie.
    private static func validateZip(_ file: PositionedFile, head: [UInt8], file path: String)
        throws(AnalysisOutputError)
    {
        let histograms: [String: Histogram]
        do throws(HistogramError) {
            let tailStart = max(file.size - 16_384, 0)
            let tail = try read(file, at: tailStart, count: file.size - tailStart)
            histograms = try UHI.decodeZip(size: file.size, names: ["processing"]) {
                offset, count throws(HistogramError) in
                if offset + count <= head.count { return head[offset..<offset + count] }
                if offset >= tailStart { return tail[(offset - tailStart)..<(offset - tailStart + count)] }
                return try read(file, at: offset, count: count)[...]
            }
        } catch {
            throw failure(error, bytes: []).inFile(path)
        }
        guard histograms["processing"] != nil else {
            throw AnalysisOutputError(
                .notAnOutput, file: path, "not a pocket-coffea output: the zip archive has no 'processing' entry")
        }
        do {
            try checkProcessing(histograms["processing"])
        } catch {
            throw error.inFile(path)
        }
    }

    /// `count` bytes at `offset` of the file.
    private static func read(_ file: PositionedFile, at offset: Int, count: Int) throws(HistogramError) -> [UInt8] {
        guard let bytes = file.read(at: offset, count: count) else {
            throw HistogramError(.malformedArchive, "cannot read the file: \(String(cString: strerror(errno)))")
        }
        guard bytes.count == count else { throw HistogramError(.truncatedArchive, "the file shrank while read") }
        return bytes
    }

    private static func unreadable(_ path: String) -> AnalysisOutputError {
        AnalysisOutputError(.io, file: path, "cannot read the file: \(String(cString: strerror(errno)))")
    }

    /// The first bytes of every output this project writes.
    private static let header = Array("{\n\"processing\": ".utf8)

    /// The output error for a file that failed to decode as UHI.
    private static func failure(_ error: HistogramError, bytes: [UInt8]) -> AnalysisOutputError {
        switch error.code {
        case .truncatedArchive:
            return AnalysisOutputError(.truncated, "\(error.message); was a job or a copy interrupted?")
        case .malformedArchive:
            return AnalysisOutputError(.malformed, "not a sound zip archive: \(error.message)")
        default:
            break
        }
        guard bytes.starts(with: header) || UHI.isZip(bytes) else {
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
        case .invalidUHI, .unsupported, .invalidAxis, .invalidFill, .incompatible, .malformedArchive, .truncatedArchive:
            return AnalysisOutputError(.malformed, "not valid UHI: \(error.message)")
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func firstIndex(of byte: UInt8, after start: Int) -> Int? {
        self[Swift.min(start, count)...].firstIndex(of: byte)
    }
}
