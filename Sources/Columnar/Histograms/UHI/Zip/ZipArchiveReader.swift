// Columnar layer: reads a zip archive's members through a positioned-read function, so that a check
// can look at the end records and one member without reading the whole file. Stored and deflated
// members, zip64 end records and offsets; every member's CRC-32 is verified.

import Compression

/// The members of a zip archive.
struct ZipArchiveReader {
    /// Reads `count` bytes at `offset` (the caller checked both against the size); an archive in memory
    /// returns slices of it, so members are not copied.
    typealias ReadFunction = (_ offset: Int, _ count: Int) throws(HistogramError) -> ArraySlice<UInt8>

    /// A member as the central directory describes it.
    struct Entry {
        var name: String
        var method: Int
        var crc: UInt32
        var compressedSize: Int
        var size: Int
        var headerOffset: Int
    }

    /// The members in directory order.
    let entries: [Entry]
    private let size: Int
    private let read: ReadFunction

    /// Reads the end records and the central directory of an archive of `size` bytes.
    ///
    /// - Throws: ``HistogramError`` `.truncatedArchive` when the end records are missing from a file that
    ///   starts like a zip archive, otherwise `.malformedArchive`.
    init(size: Int, read: @escaping ReadFunction) throws(HistogramError) {
        self.size = size
        self.read = read
        let end = try Self.endRecord(size: size, read: read)
        guard end.directoryOffset <= end.recordsOffset, end.directorySize <= end.recordsOffset - end.directoryOffset
        else {
            throw Self.malformed("the central directory lies past the end records")
        }
        let directory = Array(try read(end.directoryOffset, end.directorySize))
        entries = try Self.entries(in: directory, count: end.count, size: size)
    }

    /// An archive held in memory.
    init(bytes: [UInt8]) throws(HistogramError) {
        try self.init(size: bytes.count) { offset, count in bytes[offset..<offset + count] }
    }

    /// The bytes of a member, checked against its CRC-32.
    ///
    /// - Throws: ``HistogramError`` `.malformedArchive` for a broken header, an unknown compression method
    ///   or a checksum mismatch.
    func contents(of entry: Entry) throws(HistogramError) -> ArraySlice<UInt8> {
        guard entry.headerOffset <= size - 30 else { throw Self.malformed("member '\(entry.name)' lies past the end") }
        let header = try read(entry.headerOffset, 30)
        guard header.littleEndian(at: 0, 4) == 0x0403_4B50 else {
            throw Self.malformed("member '\(entry.name)' has no local header")
        }
        let start = entry.headerOffset + 30 + header.littleEndian(at: 26, 2) + header.littleEndian(at: 28, 2)
        guard start <= size, entry.compressedSize <= size - start else {
            throw Self.malformed("member '\(entry.name)' lies past the end")
        }
        let stored = try read(start, entry.compressedSize)
        let data: ArraySlice<UInt8>
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.size else {
                throw Self.malformed("stored member '\(entry.name)' has two different sizes")
            }
            data = stored
        case 8:
            guard let inflated = stored.withUnsafeBytes({ RawDeflate.inflate($0, size: entry.size) }) else {
                throw Self.malformed("deflated member '\(entry.name)' is corrupt")
            }
            data = inflated[...]
        default:
            throw Self.malformed(
                "member '\(entry.name)' uses compression method \(entry.method) (stored and deflate are read)")
        }
        guard data.withUnsafeBytes({ CRC32.checksum($0) }) == entry.crc else {
            throw Self.malformed("member '\(entry.name)' fails its CRC-32 check")
        }
        return data
    }

    // MARK: - End records

    private struct EndRecord {
        var count: Int
        var directorySize: Int
        var directoryOffset: Int
        /// Where the end records (zip64 or not) start.
        var recordsOffset: Int
    }

    /// The largest end-of-central-directory record: 22 bytes and a comment of up to 65,535.
    private static let maximumEndRecord = 22 + 0xFFFF

    private static func endRecord(size: Int, read: ReadFunction) throws(HistogramError) -> EndRecord {
        let tailCount = min(size, maximumEndRecord)
        guard tailCount >= 22 else { throw try shortFile(size: size, read: read) }
        var tailStart = size - 22
        var tail = try read(tailStart, 22)
        var position = 0
        if tail.littleEndian(at: 0, 4) != 0x0605_4B50 || tail.littleEndian(at: 20, 2) != 0 {
            tailStart = size - tailCount
            tail = try read(tailStart, tailCount)
            guard
                let found = stride(from: tailCount - 22, through: 0, by: -1).first(where: {
                    tail.littleEndian(at: $0, 4) == 0x0605_4B50
                        && $0 + 22 + tail.littleEndian(at: $0 + 20, 2) == tailCount
                })
            else { throw try shortFile(size: size, read: read) }
            position = found
        }
        let offset = tailStart + position
        var record = EndRecord(
            count: tail.littleEndian(at: position + 10, 2), directorySize: tail.littleEndian(at: position + 12, 4),
            directoryOffset: tail.littleEndian(at: position + 16, 4), recordsOffset: offset)
        guard record.count == 0xFFFF || record.directorySize == 0xFFFF_FFFF || record.directoryOffset == 0xFFFF_FFFF
        else { return record }
        guard offset >= 20 else { throw malformed("the zip64 end records are missing") }
        let locator = try read(offset - 20, 20)
        let zip64Offset = locator.littleEndian(at: 8, 8)
        guard locator.littleEndian(at: 0, 4) == 0x0706_4B50, zip64Offset >= 0, zip64Offset + 56 <= offset - 20 else {
            throw malformed("the zip64 end records are missing")
        }
        let zip64 = try read(zip64Offset, 56)
        guard zip64.littleEndian(at: 0, 4) == 0x0606_4B50 else { throw malformed("the zip64 end record is broken") }
        record.count = zip64.littleEndian(at: 32, 8)
        record.directorySize = zip64.littleEndian(at: 40, 8)
        record.directoryOffset = zip64.littleEndian(at: 48, 8)
        record.recordsOffset = zip64Offset
        guard record.count >= 0, record.directorySize >= 0, record.directoryOffset >= 0 else {
            throw malformed("the zip64 end record is broken")
        }
        return record
    }

    /// The error for a file without end records: cut short when it starts like an archive.
    private static func shortFile(size: Int, read: ReadFunction) throws(HistogramError) -> HistogramError {
        let head = try read(0, min(size, 4))
        if head.count == 4, head.littleEndian(at: 0, 4) == 0x0403_4B50 {
            return HistogramError(
                .truncatedArchive, "the zip archive is cut short (\(size) bytes, no end-of-central-directory record)")
        }
        return malformed("not a zip archive (no end-of-central-directory record)")
    }

    // MARK: - Central directory

    private static func entries(in directory: [UInt8], count: Int, size: Int) throws(HistogramError) -> [Entry] {
        var entries: [Entry] = []
        entries.reserveCapacity(min(count, directory.count / 46))
        var position = 0
        for _ in 0..<count {
            guard position + 46 <= directory.count, directory.littleEndian(at: position, 4) == 0x0201_4B50 else {
                throw malformed("central directory entry \(entries.count) is broken")
            }
            let nameCount = directory.littleEndian(at: position + 28, 2)
            let extraCount = directory.littleEndian(at: position + 30, 2)
            let commentCount = directory.littleEndian(at: position + 32, 2)
            let next = position + 46 + nameCount + extraCount + commentCount
            guard next <= directory.count else { throw malformed("central directory entry \(entries.count) is broken") }
            var entry = Entry(
                name: String(decoding: directory[position + 46..<position + 46 + nameCount], as: UTF8.self),
                method: directory.littleEndian(at: position + 10, 2),
                crc: UInt32(directory.littleEndian(at: position + 16, 4)),
                compressedSize: directory.littleEndian(at: position + 20, 4),
                size: directory.littleEndian(at: position + 24, 4),
                headerOffset: directory.littleEndian(at: position + 42, 4))
            try applyZip64(
                directory[position + 46 + nameCount..<position + 46 + nameCount + extraCount], to: &entry)
            guard entry.headerOffset >= 0, entry.headerOffset < size, entry.size >= 0, entry.compressedSize >= 0 else {
                throw malformed("member '\(entry.name)' lies past the end")
            }
            entries.append(entry)
            position = next
        }
        return entries
    }

    /// Replaces the 32-bit fields set to 0xFFFFFFFF by the zip64 extra field's values, in its order.
    private static func applyZip64(_ extra: ArraySlice<UInt8>, to entry: inout Entry) throws(HistogramError) {
        let fields = Array(extra)
        var position = 0
        while position + 4 <= fields.count {
            let id = fields.littleEndian(at: position, 2)
            let length = fields.littleEndian(at: position + 2, 2)
            guard position + 4 + length <= fields.count else { break }
            if id == 0x0001 {
                var cursor = position + 4
                func next() throws(HistogramError) -> Int {
                    guard cursor + 8 <= position + 4 + length else {
                        throw malformed("member '\(entry.name)' has a short zip64 field")
                    }
                    defer { cursor += 8 }
                    return fields.littleEndian(at: cursor, 8)
                }
                if entry.size == 0xFFFF_FFFF { entry.size = try next() }
                if entry.compressedSize == 0xFFFF_FFFF { entry.compressedSize = try next() }
                if entry.headerOffset == 0xFFFF_FFFF { entry.headerOffset = try next() }
            }
            position += 4 + length
        }
    }

    private static func malformed(_ message: String) -> HistogramError { HistogramError(.malformedArchive, message) }
}

extension RandomAccessCollection where Element == UInt8, Index == Int {
    /// The little-endian unsigned integer of `width` bytes at `offset` from the start (in bounds).
    func littleEndian(at offset: Int, _ width: Int) -> Int {
        var value: UInt64 = 0
        for index in (0..<width).reversed() { value = value << 8 | UInt64(self[startIndex + offset + index]) }
        return Int(truncatingIfNeeded: value)
    }
}
