// ROOTIO layer: a free basket record as read from the file, its headers parsed and checked. Its sizes
// (fObjlen, fLast, fKeylen) are known before anything is decompressed, so a column can make room for
// the payload and have it decompressed straight into place.

/// A free TBasket record: key, basket fields, then the payload (compressed, or the data itself).
///
/// ```
/// record  ┌ key (fKeylen bytes: TKey header, basket fields) ┬ payload (fNbytes − fKeylen stored bytes) ┐
/// payload ┌ data region (fLast − fKeylen bytes) ┬ entry-offset table (variable-size entries only)   ┐
///         └──────────────────────────── fObjlen bytes once decompressed ──────────────────────────────┘
/// ```
struct FreeBasket {
    /// The record's bytes, from the first byte of its key.
    let record: [UInt8]
    let key: KeyHeader
    let fields: BasketFields

    /// Parses the headers of `record` and checks that its sizes are consistent.
    ///
    /// - Throws: ``ROOTFormatError`` `.malformed` when the key or basket fields are truncated, the
    ///   record is shorter than fNbytes, fObjlen passes ``BasketDecoder/maximumPayload``, or fLast
    ///   points outside the payload.
    init(_ record: [UInt8]) throws(ROOTFormatError) {
        var cursor = ByteCursor(record)
        key = try KeyHeader.read(&cursor)
        fields = try BasketFields.read(&cursor)
        guard key.keyLength <= record.count, key.totalBytes <= record.count, key.keyLength <= key.totalBytes else {
            throw ROOTFormatError(.malformed, "basket record of \(record.count) bytes with fNbytes \(key.totalBytes)")
        }
        guard key.objectLength <= BasketDecoder.maximumPayload else {
            throw ROOTFormatError(
                .malformed, "basket at byte \(key.seekKey) claims \(key.objectLength) uncompressed bytes")
        }
        let dataSize = fields.last - key.keyLength
        guard dataSize >= 0, dataSize <= key.objectLength else {
            throw ROOTFormatError(.malformed, "basket at byte \(key.seekKey) has fLast \(fields.last) outside its data")
        }
        self.record = record
    }

    /// The payload's size once decompressed (fObjlen).
    var objectLength: Int { key.objectLength }
    /// The size of the data region at the start of the payload (fLast − fKeylen).
    var dataSize: Int { fields.last - key.keyLength }
    /// The number of entries (fNevBuf).
    var entries: Int { fields.entryCount }
    /// Whether the payload is stored compressed.
    var isCompressed: Bool { key.isCompressed }

    /// Calls `body` with the payload as stored.
    func withStoredPayload<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try record.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[key.keyLength..<key.totalBytes])) }
    }
}
