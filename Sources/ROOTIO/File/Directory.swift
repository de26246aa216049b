// ROOTIO layer: TDirectory records and their key lists (docs/specs/root_format.md §3).

/// One key of a directory, as users list them.
public struct ROOTKey: Sendable, Hashable {
    /// The object's name.
    public var name: String
    /// Its class (`TTree`, `TH1F`, `TDirectoryFile`, …).
    public var className: String
    /// The cycle; the highest one is the current object.
    public var cycle: Int
    /// The object's title.
    public var title: String
    /// Bytes on disk (key included) and uncompressed object bytes.
    public var storedBytes: Int
    public var objectBytes: Int
    /// Where the key starts in the file.
    public var seek: Int64

    /// Whether the key holds a subdirectory.
    public var isDirectory: Bool { className == "TDirectory" || className == "TDirectoryFile" }
}

/// The location of a directory's key list.
struct DirectoryRecord {
    var seekKeys: Int64
    var keysBytes: Int

    static func read(_ cursor: inout ByteCursor) throws(ROOTFormatError) -> DirectoryRecord {
        let version = Int(try cursor.i16())
        _ = try cursor.u32()
        _ = try cursor.u32()
        let keysBytes = try cursor.count32("fNbytesKeys")
        _ = try cursor.i32()
        let large = version > 1000
        _ = large ? try cursor.i64() : Int64(try cursor.i32())
        _ = large ? try cursor.i64() : Int64(try cursor.i32())
        let seekKeys = large ? try cursor.i64() : Int64(try cursor.i32())
        return DirectoryRecord(seekKeys: seekKeys, keysBytes: keysBytes)
    }

    /// Parses the key list record: its own key, a count, then the keys.
    static func keys(_ record: [UInt8]) throws(ROOTFormatError) -> [ROOTKey] {
        var cursor = ByteCursor(record)
        _ = try KeyHeader.read(&cursor)
        let count = try cursor.count32("key count")
        guard count <= cursor.remaining / 18 else { throw cursor.fail("key list claims \(count) keys") }
        var keys: [ROOTKey] = []
        keys.reserveCapacity(count)
        for _ in 0..<count {
            let key = try KeyHeader.read(&cursor)
            keys.append(
                ROOTKey(
                    name: key.name, className: key.className, cycle: key.cycle, title: key.title,
                    storedBytes: key.totalBytes, objectBytes: key.objectLength, seek: key.seekKey))
        }
        return keys
    }
}

extension [ROOTKey] {
    /// The keys with only the highest cycle of each name, in file order.
    public var latestCycles: [ROOTKey] {
        var best: [String: ROOTKey] = [:]
        for key in self where best[key.name].map({ abs($0.cycle) < abs(key.cycle) }) ?? true { best[key.name] = key }
        return filter { best[$0.name] == $0 }
    }
}
