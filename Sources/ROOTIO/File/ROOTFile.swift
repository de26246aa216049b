// ROOTIO layer: an open ROOT file — its header (small and large files), the root directory and any
// subdirectory, and the TTrees in them (docs/specs/root_format.md §1–3). Bytes come from a ByteSource,
// so the same code reads local files, root:// and http(s)://.

import Compression

/// Errors from reading a ROOT file: bytes that cannot be had (``ByteSourceError``) or bytes that are
/// not a readable ROOT file (``ROOTFormatError``).
public typealias ROOTReadError = Error

/// An open ROOT file.
public final class ROOTFile {
    /// Where the bytes come from.
    public let source: any ByteSource
    /// The ROOT version that wrote the file (62208 for 6.22/08).
    public let rootVersion: Int
    /// The file's size in bytes.
    public let size: Int64
    /// fCompress of the file: algorithm × 100 + level.
    public let compression: Int
    /// The keys of the root directory (every cycle).
    public let keys: [ROOTKey]

    /// Opens `url` (a path, `root://…` or `http(s)://…`).
    public convenience init(url: String, options: ByteSourceOptions = ByteSourceOptions()) throws {
        try self.init(source: try openByteSource(url: url, options: options))
    }

    /// Reads the header and the root directory from `source`.
    public init(source: any ByteSource) throws {
        self.source = source
        size = try source.size()
        let url = source.url
        let head = try source.read(ByteRange(offset: 0, count: Int(min(size, 512))))
        do {
            var cursor = ByteCursor(head)
            guard try cursor.take(4).elementsEqual("root".utf8) else {
                throw ROOTFormatError(.malformed, "not a ROOT file (no 'root' magic at byte 0)")
            }
            let version = Int(try cursor.i32())
            let begin = Int(try cursor.i32())
            let large = version >= 1_000_000
            _ = large ? try cursor.i64() : Int64(try cursor.i32())
            _ = large ? try cursor.i64() : Int64(try cursor.i32())
            _ = try cursor.i32()
            _ = try cursor.i32()
            let nameBytes = try cursor.count32("fNbytesName")
            _ = try cursor.u8()
            compression = Int(try cursor.i32())
            rootVersion = large ? version - 1_000_000 : version
            var directory = ByteCursor(head, position: begin + nameBytes)
            let record = try DirectoryRecord.read(&directory)
            let keysRecord = try Self.readChecked(source, offset: record.seekKeys, count: record.keysBytes, size: size)
            keys = try DirectoryRecord.keys(keysRecord)
        } catch let error as ROOTFormatError {
            throw error.inFile(url)
        }
    }

    /// The keys of the directory at `path` (`""` for the root directory; `a/b` for nested ones).
    public func keys(inDirectory path: String) throws -> [ROOTKey] {
        var current = keys
        for part in path.split(separator: "/") where !part.isEmpty {
            guard let key = current.latestCycles.first(where: { $0.name == part && $0.isDirectory }) else {
                throw ROOTFormatError(.notFound, "no directory '\(part)' in '\(path)'", file: source.url)
            }
            var cursor = ByteCursor(try object(key).payload)
            let record = try DirectoryRecord.read(&cursor)
            current = try DirectoryRecord.keys(
                try Self.readChecked(source, offset: record.seekKeys, count: record.keysBytes, size: size))
        }
        return current
    }

    /// The TTree at `path` (`Events`, or `dir/tree`), highest cycle.
    public func tree(_ path: String) throws -> TTree {
        let parts = path.split(separator: "/").map(String.init)
        guard let name = parts.last else { throw ROOTFormatError(.notFound, "empty tree name", file: source.url) }
        let candidates = try keys(inDirectory: parts.dropLast().joined(separator: "/")).latestCycles
        guard let key = candidates.first(where: { $0.name == name && $0.className == "TTree" }) else {
            let trees = candidates.filter { $0.className == "TTree" }.map(\.name)
            throw ROOTFormatError(
                .notFound, "no TTree '\(path)' (trees here: \(trees.isEmpty ? "none" : trees.joined(separator: ", ")))",
                file: source.url)
        }
        let (header, payload) = try object(key)
        do {
            var stream = ObjectStream(ByteCursor(payload, origin: -header.keyLength))
            return try TTree(file: self, record: try TreeRecord.read(&stream))
        } catch {
            throw ROOTFormatError(error.kind, "TTree '\(path)': \(error.message)", file: source.url)
        }
    }

    // MARK: - Records

    /// The header of a key's record and its object's uncompressed payload.
    func object(_ key: ROOTKey) throws -> (header: KeyHeader, payload: [UInt8]) {
        var record = try Self.readChecked(source, offset: key.seek, count: key.storedBytes, size: size)
        let header: KeyHeader
        do {
            var cursor = ByteCursor(record)
            header = try KeyHeader.read(&cursor)
        } catch { throw error.inFile(source.url) }
        guard header.keyLength <= record.count else {
            throw ROOTFormatError(.malformed, "key '\(key.name)' is longer than its record", file: source.url)
        }
        guard header.isCompressed else {
            // In place: a tree's uncompressed metadata can be megabytes, and a copy faults in new pages.
            record.removeSubrange(0..<header.keyLength)
            return (header, record)
        }
        let stored = record[header.keyLength...]
        do {
            return (header, try Decompressor().decompress(Array(stored), uncompressedSize: header.objectLength))
        } catch {
            throw ROOTFormatError(.compression, "key '\(key.name)': \(error)", file: source.url)
        }
    }

    /// Reads `count` bytes at `offset`, refusing ranges outside the file before asking the source.
    static func readChecked(_ source: any ByteSource, offset: Int64, count: Int, size: Int64) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size - Int64(count) else {
            throw ROOTFormatError(
                .malformed, "a record at byte \(offset) of \(count) bytes lies outside the file (\(size) bytes)",
                file: source.url)
        }
        return try source.read(ByteRange(offset: offset, count: count))
    }
}
