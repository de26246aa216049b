// ROOTIO layer: TBasket records (docs/specs/root_format.md §9). A free basket is a key of its own in
// the file; an embedded one is streamed inside its TBranch. Both give the same thing: a data region
// and, for variable-size entries, the byte offset of each entry in it.

import Compression

/// The fields that follow the key header of a basket.
struct BasketFields {
    var entrySizeOrOffsetLength: Int
    var entryCount: Int
    var last: Int
    var flag: Int8

    static func read(_ cursor: inout ByteCursor) throws(ROOTFormatError) -> BasketFields {
        _ = try cursor.u16()
        _ = try cursor.i32()
        var size = Int(try cursor.i32())
        if size < 0 {
            // ROOT ≥ 6.12 negates fNevBufSize when a byte of TIOFeatures bits follows (kGenerateOffsetMap:
            // the entry offsets are not stored and must be rebuilt from the counter branch).
            size = -size
            _ = try cursor.u8()
        }
        let count = try cursor.count32("fNevBuf")
        let last = try cursor.count32("fLast")
        let flag = Int8(bitPattern: try cursor.u8())
        return BasketFields(entrySizeOrOffsetLength: size, entryCount: count, last: last, flag: flag)
    }
}

/// A TBasket embedded in its TBranch record (never compressed).
struct EmbeddedBasket {
    var key: KeyHeader
    var fields: BasketFields
    /// Entry offsets as stored (key-relative), or `nil` for fixed-size entries.
    var storedOffsets: [Int32]?
    /// The data region.
    var data: [UInt8]

    static func read(_ stream: inout ObjectStream) throws(ROOTFormatError) -> EmbeddedBasket {
        let key = try KeyHeader.read(&stream.cursor)
        let fields = try BasketFields.read(&stream.cursor)
        var offsets: [Int32]?
        if fields.flag % 10 != 2 && fields.entryCount > 0 {
            let count = try stream.cursor.count32("entry-offset count")
            offsets = try stream.cursor.int32Array(count)
            if fields.flag > 40 { _ = try stream.cursor.int32Array(try stream.cursor.count32("displacement count")) }
        }
        var data: [UInt8] = []
        if fields.flag >= 10 {
            let raw = try stream.cursor.take(fields.last)
            guard key.keyLength <= fields.last else {
                throw stream.cursor.fail("embedded basket with fLast \(fields.last) below its key length")
            }
            data = Array(raw.dropFirst(key.keyLength))
        }
        return EmbeddedBasket(key: key, fields: fields, storedOffsets: offsets, data: data)
    }
}

extension ByteCursor {
    mutating func int32Array(_ count: Int) throws(ROOTFormatError) -> [Int32] {
        try require(count * 4, "array of \(count) Int32")
        var values: [Int32] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try i32()) }
        return values
    }
}

/// Turns basket records into data regions with per-entry byte offsets, reusing one output buffer.
final class BasketDecoder {
    private let decompressor = Decompressor()
    /// ROOT baskets stay far below this (TBranch buffers are capped at 1 GB by TBufferFile).
    static let maximumPayload = 1 << 30
    /// The last decoded payload (uncompressed), reused from basket to basket.
    private(set) var payload: [UInt8] = []

    /// The byte offsets of each entry in the data region (`entryCount + 1` values, the last one the
    /// data size), or `nil` when entries have a fixed size.
    typealias EntryOffsets = [Int32]?

    /// Decodes a free basket from the `record` bytes read at its seek; its data region is
    /// `payload[0..<dataSize]`. The entry offsets are parsed only when asked for (strings).
    func decodeFree(_ record: [UInt8], entryOffsets: Bool) throws -> (
        dataSize: Int, entries: Int, offsets: EntryOffsets
    ) {
        var cursor = ByteCursor(record)
        let key = try KeyHeader.read(&cursor)
        let fields = try BasketFields.read(&cursor)
        guard key.keyLength <= record.count, key.totalBytes <= record.count, key.keyLength <= key.totalBytes else {
            throw ROOTFormatError(.malformed, "basket record of \(record.count) bytes with fNbytes \(key.totalBytes)")
        }
        let objectLength = key.objectLength
        guard objectLength <= Self.maximumPayload else {
            throw ROOTFormatError(.malformed, "basket at byte \(key.seekKey) claims \(objectLength) uncompressed bytes")
        }
        if payload.count < objectLength {
            payload = [UInt8](unsafeUninitializedCapacity: objectLength) { _, initialized in initialized = objectLength
            }
        }
        try record.withUnsafeBytes { raw in
            let stored = UnsafeRawBufferPointer(rebasing: raw[key.keyLength..<key.totalBytes])
            try payload.withUnsafeMutableBytes { output in
                let target = UnsafeMutableRawBufferPointer(rebasing: output[0..<objectLength])
                if key.isCompressed {
                    do { try decompressor.decompress(stored, into: target) } catch {
                        throw ROOTFormatError(.compression, "basket at byte \(key.seekKey): \(error)")
                    }
                } else if stored.count > 0 {
                    target.copyMemory(from: stored)
                }
            }
        }
        let border = fields.last - key.keyLength
        guard border >= 0, border <= objectLength else {
            throw ROOTFormatError(.malformed, "basket at byte \(key.seekKey) has fLast \(fields.last) outside its data")
        }
        guard entryOffsets, border != objectLength else { return (border, fields.entryCount, nil) }
        let entries = fields.entryCount
        let offsets = try payload.withUnsafeBytes { raw in
            guard border + 4 * (entries + 1) <= objectLength,
                Int(Int32(bigEndian: raw.loadUnaligned(fromByteOffset: border, as: Int32.self))) >= entries
            else {
                throw ROOTFormatError(
                    .malformed, "basket at byte \(key.seekKey): no entry-offset table for \(entries) entries")
            }
            return try Self.byteOffsets(
                UnsafeRawBufferPointer(rebasing: raw[(border + 4)..<(border + 4 + 4 * entries)]),
                keyLength: key.keyLength, border: border)
        }
        return (border, entries, offsets)
    }

    /// The byte offsets of an embedded basket.
    static func embeddedOffsets(_ basket: EmbeddedBasket) throws -> EntryOffsets {
        guard let stored = basket.storedOffsets else { return nil }
        let border = basket.data.count
        let entries = Array(stored.prefix(basket.fields.entryCount)).map {
            Int32(bitPattern: UInt32(bitPattern: $0).bigEndian)
        }
        return try entries.withUnsafeBytes { raw in
            try byteOffsets(raw, keyLength: basket.key.keyLength, border: border)
        }
    }

    /// Key-relative big-endian Int32 offsets → data-relative byte offsets, checked to be increasing
    /// and inside the data; the data size is appended as the last offset.
    static func byteOffsets(_ stored: UnsafeRawBufferPointer, keyLength: Int, border: Int) throws(ROOTFormatError)
        -> [Int32]
    {
        let count = stored.count / 4
        var offsets = [Int32](repeating: Int32(border), count: count + 1)
        var ordered = true
        offsets.withUnsafeMutableBufferPointer { target in
            var previous = 0
            for index in 0..<count {
                let offset =
                    Int(Int32(bigEndian: stored.loadUnaligned(fromByteOffset: 4 * index, as: Int32.self))) - keyLength
                ordered = ordered && offset >= previous && offset <= border
                target[index] = Int32(truncatingIfNeeded: offset)
                previous = offset
            }
        }
        guard ordered else {
            throw ROOTFormatError(.malformed, "entry offsets out of order or past the data (\(border) bytes)")
        }
        return offsets
    }
}
