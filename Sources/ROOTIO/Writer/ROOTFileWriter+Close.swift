// ROOTIO writer: finishing a file — the last clusters, one key per tree, the StreamerInfo record, the
// root directory's key list, the free-segment record (TFree: the space from fEND on is free), and the
// file header (docs/specs/root_format.md §1), then the sync and rename.

extension ROOTFileWriter {
    /// Writes the trees and the file's records, syncs the file and renames it to ``path``.
    ///
    /// After `close()` the file is complete under its final name; a writer dropped without `close()`
    /// deletes its temporary file instead.
    /// - Throws: ``ROOTWriteError`` `.io`, `.compression`, or `.closed` when called twice.
    public func close() throws(ROOTWriteError) {
        try checkOpen()
        var keys: [KeyRecord] = []
        for tree in trees {
            try tree.flush()
            var key = KeyRecord(
                className: "TTree", name: tree.name, title: tree.title, seekKey: position, datime: directory.datime)
            let payload = tree.record(keyLength: key.length, compression: compression.fCompress)
            keys.append(try appendObject(payload, key: &key))
        }
        var infoKey = KeyRecord(
            className: "TList", name: "StreamerInfo", title: "Doubly linked list", seekKey: position,
            datime: directory.datime)
        let leafClasses = Set(trees.flatMap { $0.buffers.map(\.leafClass) })
        let infos = StreamerInfo.listPayload(
            StreamerInfo.treeClasses(leafClasses: leafClasses), keyLength: infoKey.length)
        let info = try appendObject(infos, key: &infoKey)

        var listKey = KeyRecord(
            className: "TFile", name: directory.fileName, title: "", seekKey: position, datime: directory.datime)
        var list = ByteWriter()
        list.i32(keys.count)
        for key in keys { key.write(into: &list) }
        listKey.objectLength = list.count
        listKey.totalBytes = listKey.length + list.count
        var listRecord = ByteWriter()
        listKey.write(into: &listRecord)
        listRecord.append(list.bytes)
        try append(listRecord.bytes)

        let free = freeSegments()
        try append(free.bytes)
        try write(directory.bytes(keysSeek: listKey.seekKey, keysBytes: listKey.totalBytes), at: ROOTConstants.kBEGIN)
        try write(header(end: position, free: free, info: info), at: 0)
        try commit()
    }

    /// Writes `payload` compressed behind `key`; returns the key as written.
    private func appendObject(_ payload: [UInt8], key: inout KeyRecord) throws(ROOTWriteError) -> KeyRecord {
        let stored: [UInt8]
        do { stored = try compressor?.compress(payload) ?? payload } catch {
            throw ROOTWriteError(.compression, "\(key.className) '\(key.name)' in \(path): \(error)")
        }
        key.objectLength = payload.count
        key.totalBytes = key.length + stored.count
        var record = ByteWriter(capacity: key.totalBytes)
        key.write(into: &record)
        record.append(stored)
        try append(record.bytes)
        return key
    }

    /// The free-segment record at the current position: one TFree from fEND to "infinity".
    private func freeSegments() -> (seek: Int64, bytes: [UInt8], count: Int) {
        var key = KeyRecord(
            className: "TFile", name: directory.fileName, title: "", seekKey: position, datime: directory.datime)
        let small = position + Int64(key.length) + 10 < ROOTConstants.kStartBigFile
        let end = position + Int64(key.length) + (small ? 10 : 18)
        var segment = ByteWriter()
        if small {
            segment.u16(1)
            segment.i32(Int32(end))
            segment.i32(Int32(ROOTConstants.kStartBigFile))
        } else {
            var infinity = ROOTConstants.kStartBigFile
            while infinity <= end { infinity *= 2 }
            segment.u16(1001)
            segment.i64(end)
            segment.i64(infinity)
        }
        key.objectLength = segment.count
        key.totalBytes = key.length + segment.count
        var record = ByteWriter()
        key.write(into: &record)
        record.append(segment.bytes)
        return (position, record.bytes, 1)
    }

    /// The file header: the small layout, or the large one (fVersion + 1000000, 64-bit seeks) when the
    /// file reaches kStartBigFile.
    private func header(end: Int64, free: (seek: Int64, bytes: [UInt8], count: Int), info: KeyRecord) -> [UInt8] {
        var writer = ByteWriter(capacity: Int(ROOTConstants.kBEGIN))
        let big = end >= ROOTConstants.kStartBigFile
        writer.append("root".utf8)
        writer.i32(Self.rootVersion + (big ? 1_000_000 : 0))
        writer.i32(Int32(ROOTConstants.kBEGIN))
        if big {
            writer.i64(end)
            writer.i64(free.seek)
        } else {
            writer.i32(Int32(end))
            writer.i32(Int32(free.seek))
        }
        writer.i32(free.bytes.count)
        writer.i32(free.count)
        writer.i32(directory.nameBytes)
        writer.u8(big ? 8 : 4)
        writer.i32(compression.fCompress)
        if big { writer.i64(info.seekKey) } else { writer.i32(Int32(info.seekKey)) }
        writer.i32(info.totalBytes)
        writer.u16(1)
        writer.append(directory.uuidBytes)
        writer.append(repeatElement(0, count: Int(ROOTConstants.kBEGIN) - writer.count))
        return writer.bytes
    }

    /// The ROOT version the file claims: 6.24/00, whose class versions (TTree 20, TBranch 13) it writes.
    static let rootVersion: Int32 = 62400
}
