// ROOTIO layer: TBasket records (docs/specs/root_format.md §9). A free basket is a key of its own in
// the file (FreeBasket.swift); an embedded one is streamed inside its TBranch. Both give the same
// thing: a data region and, for variable-size entries, the byte offset of each entry in it.

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

/// Turns basket payloads into data regions with per-entry byte offsets.
///
/// A compressed payload is decompressed into the place its caller gives (its column's memory), or into
/// one buffer reused from basket to basket; a stored one is used where it was read.
final class BasketDecoder {
    private let decompressor = Decompressor()
    /// ROOT baskets stay far below this (TBranch buffers are capped at 1 GB by TBufferFile).
    static let maximumPayload = 1 << 30
    /// Payloads decompressed for ``withData(_:entryOffsets:_:)``, reused from basket to basket.
    private var scratch: [UInt8] = []

    /// The byte offsets of each entry in the data region (`entryCount + 1` values, the last one the
    /// data size), or `nil` when entries have a fixed size.
    typealias EntryOffsets = [Int32]?

    /// Writes the fObjlen payload bytes of `basket` to the start of `target`.
    ///
    /// - Precondition: `target` has room for `basket.objectLength` bytes.
    /// - Throws: ``ROOTFormatError`` `.compression` when the payload does not decompress.
    func decompress(_ basket: FreeBasket, into target: UnsafeMutableRawBufferPointer) throws(ROOTFormatError) {
        let output = UnsafeMutableRawBufferPointer(rebasing: target[0..<basket.objectLength])
        do {
            try basket.withStoredPayload { try decompressor.decompress($0, into: output) }
        } catch {
            throw ROOTFormatError(.compression, "basket at byte \(basket.key.seekKey): \(error)")
        }
    }

    /// Calls `body` with the data region of `basket` and, when asked for (strings), entry offsets.
    ///
    /// The offsets are the byte offset of each entry in the region. A stored payload is read where it
    /// is; a compressed one is decompressed into the reused buffer.
    func withData<Result>(
        _ basket: FreeBasket, entryOffsets: Bool, _ body: (UnsafeRawBufferPointer, EntryOffsets) throws -> Result
    ) throws -> Result {
        guard basket.isCompressed else {
            return try basket.withStoredPayload { try Self.split($0, of: basket, entryOffsets: entryOffsets, body) }
        }
        let length = basket.objectLength
        if scratch.count < length {
            scratch = [UInt8](unsafeUninitializedCapacity: length) { _, initialized in initialized = length }
        }
        try scratch.withUnsafeMutableBytes { try decompress(basket, into: $0) }
        return try scratch.withUnsafeBytes { raw in
            try Self.split(
                UnsafeRawBufferPointer(rebasing: raw[0..<length]), of: basket, entryOffsets: entryOffsets, body)
        }
    }

    /// Calls `body` with the data region of the uncompressed `payload` and, when asked for, its entry
    /// offsets (parsed from the table after the data region).
    private static func split<Result>(
        _ payload: UnsafeRawBufferPointer, of basket: FreeBasket, entryOffsets: Bool,
        _ body: (UnsafeRawBufferPointer, EntryOffsets) throws -> Result
    ) throws -> Result {
        let border = basket.dataSize
        let data = UnsafeRawBufferPointer(rebasing: payload[0..<border])
        guard entryOffsets, border != payload.count else { return try body(data, nil) }
        let entries = basket.entries
        guard border + 4 * (entries + 1) <= payload.count,
            Int(Int32(bigEndian: payload.loadUnaligned(fromByteOffset: border, as: Int32.self))) >= entries
        else {
            throw ROOTFormatError(
                .malformed, "basket at byte \(basket.key.seekKey): no entry-offset table for \(entries) entries")
        }
        let offsets = try byteOffsets(
            UnsafeRawBufferPointer(rebasing: payload[(border + 4)..<(border + 4 + 4 * entries)]),
            keyLength: basket.key.keyLength, border: border)
        return try body(data, offsets)
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
