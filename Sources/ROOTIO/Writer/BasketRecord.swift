// ROOTIO writer: a free TBasket record (docs/specs/root_format.md §9) — a key (version 1004, cycle 0)
// whose last 19 bytes are the basket header, then the payload: the data region and, for jagged
// branches, the entry-offset table `i32 n+1, n+1 × i32` of key-relative offsets, the last one fLast.
//
//   basket header (inside fKeylen)   width
//   fVersion                         u16   3
//   fBufferSize                      i32   fKeylen + fObjlen
//   fNevBufSize                      i32   entry size, or the offset table's length
//   fNevBuf                          i32   entries
//   fLast                            i32   fKeylen + data size
//   flag                             u8    0

import Compression

/// The bytes of one basket record and its sizes.
struct BasketRecord {
    var bytes: [UInt8]
    /// fKeylen + fObjlen, for fTotBytes.
    var uncompressedBytes: Int

    /// The basket of `branch`'s pending entries, to be written at `seek`.
    init(
        _ branch: BranchBuffer, tree: String, seek: Int64, compressor: Compressor?, datime: UInt32
    ) throws(ROOTWriteError) {
        var key = KeyRecord(
            className: "TBasket", name: branch.description.name, title: tree, seekKey: seek, cycle: 0, big: true,
            datime: datime)
        key.trailer = 19
        let keyLength = key.length
        let entries = branch.pendingEntries
        var payload = branch.data
        if branch.isJagged {
            var table = ByteWriter(capacity: 4 * (entries + 2))
            table.i32(entries + 1)
            for start in branch.entryStarts { table.i32(keyLength + Int(start)) }
            table.i32(keyLength + branch.data.count)
            payload.append(contentsOf: table.bytes)
        }
        let stored: [UInt8]
        do { stored = try compressor?.compress(payload) ?? payload } catch {
            throw ROOTWriteError(
                .compression, "basket of branch '\(branch.description.name)' in tree '\(tree)': \(error)")
        }
        guard keyLength + max(payload.count, stored.count) <= Int(Int32.max) else {
            throw ROOTWriteError(
                .basketTooLarge,
                "basket of branch '\(branch.description.name)' in tree '\(tree)' holds \(payload.count) bytes, over "
                    + "ROOT's 2 GiB limit; append fewer entries per batch or lower the basket size")
        }
        key.objectLength = payload.count
        key.totalBytes = keyLength + stored.count
        var writer = ByteWriter(capacity: key.totalBytes)
        key.write(into: &writer)
        writer.u16(3)
        writer.i32(keyLength + payload.count)
        let entrySize = branch.description.entrySize
        writer.i32(branch.isJagged ? max(entries + 1, TreeWriter.entryOffsetLength) : entrySize)
        writer.i32(entries)
        writer.i32(keyLength + branch.data.count)
        writer.u8(0)
        writer.append(stored)
        bytes = writer.bytes
        uncompressedBytes = keyLength + payload.count
    }
}
