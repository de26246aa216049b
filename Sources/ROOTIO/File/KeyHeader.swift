// ROOTIO layer: a TKey, the header of every record in a ROOT file (docs/specs/root_format.md §2).
// The payload starts fKeylen bytes after the key and is compressed iff its size on disk differs from
// fObjlen.

/// The header of one record.
struct KeyHeader: Sendable {
    var totalBytes: Int
    var version: Int
    var objectLength: Int
    var keyLength: Int
    var cycle: Int
    var seekKey: Int64
    var seekParentDirectory: Int64
    var className: String
    var name: String
    var title: String

    /// Whether the payload is stored compressed.
    var isCompressed: Bool { totalBytes - keyLength != objectLength }

    /// Parses a key header at the cursor.
    static func read(_ cursor: inout ByteCursor) throws(ROOTFormatError) -> KeyHeader {
        let totalBytes = try cursor.count32("key size")
        let version = Int(try cursor.i16())
        let objectLength = try cursor.count32("object length")
        _ = try cursor.u32()
        let keyLength = Int(try cursor.i16())
        let cycle = Int(try cursor.i16())
        let large = version > 1000
        let seekKey = large ? try cursor.i64() : Int64(try cursor.i32())
        let seekParent = large ? try cursor.i64() : Int64(try cursor.i32())
        let className = try cursor.string()
        let name = try cursor.string()
        let title = try cursor.string()
        guard keyLength >= 0, keyLength <= totalBytes || totalBytes == 0 else {
            throw cursor.fail("key '\(name)' longer (\(keyLength)) than its record (\(totalBytes))")
        }
        return KeyHeader(
            totalBytes: totalBytes, version: version, objectLength: objectLength, keyLength: keyLength, cycle: cycle,
            seekKey: seekKey, seekParentDirectory: seekParent, className: className, name: name, title: title)
    }
}
