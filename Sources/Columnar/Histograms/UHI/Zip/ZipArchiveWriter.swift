// Columnar layer: a zip archive built in memory (APPNOTE 6.3.10), the container of UHI's zip form.
// Members are stored uncompressed with their CRC-32, names in UTF-8 (flag bit 11), and every
// timestamp is 1980-01-01 00:00, so the same histograms always give the same bytes. Zip64 records
// are added when the archive passes 65,535 members or 4 GiB, as Python's zipfile does.

import Compression

/// Builds a zip archive member by member.
struct ZipArchiveWriter {
    /// A member that is too large for a zip member without zip64 sizes (4 GiB).
    struct MemberTooLarge: Error {
        var name: String
        var size: Int
    }

    private struct Member {
        var name: [UInt8]
        var crc: UInt32
        var size: Int
        var offset: Int
    }

    private(set) var bytes: [UInt8] = []
    private var members: [Member] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Appends a stored member.
    mutating func add(_ name: String, _ data: [UInt8]) throws(MemberTooLarge) {
        guard data.count < Int(UInt32.max) else { throw MemberTooLarge(name: name, size: data.count) }
        data.withUnsafeBytes { append(name, $0) }
    }

    private mutating func append(_ name: String, _ data: UnsafeRawBufferPointer) {
        let member = Member(name: Array(name.utf8), crc: CRC32.checksum(data), size: data.count, offset: bytes.count)
        appendLocalHeader(member)
        bytes.append(contentsOf: data)
        members.append(member)
    }

    /// The archive: the members, the central directory, and the end records.
    mutating func finish() -> [UInt8] {
        let directoryOffset = bytes.count
        for member in members { appendDirectoryHeader(member) }
        let directorySize = bytes.count - directoryOffset
        let needsZip64 =
            members.count >= 0xFFFF || directoryOffset >= 0xFFFF_FFFF || directorySize >= 0xFFFF_FFFF
        if needsZip64 {
            let recordOffset = bytes.count
            append32(0x0606_4B50)
            append64(44)
            append16(Self.versionMadeBy)
            append16(Self.zip64Version)
            append32(0)
            append32(0)
            append64(members.count)
            append64(members.count)
            append64(directorySize)
            append64(directoryOffset)
            append32(0x0706_4B50)
            append32(0)
            append64(recordOffset)
            append32(1)
        }
        append32(0x0605_4B50)
        append16(0)
        append16(0)
        append16(needsZip64 ? 0xFFFF : members.count)
        append16(needsZip64 ? 0xFFFF : members.count)
        append32(needsZip64 ? 0xFFFF_FFFF : directorySize)
        append32(needsZip64 ? 0xFFFF_FFFF : directoryOffset)
        append16(0)
        return bytes
    }

    // MARK: - Records

    /// Version 3.0 on Unix.
    private static let versionMadeBy = 0x031E
    /// Version needed to extract: 2.0 for stored members, 4.5 for zip64 records.
    private static let plainVersion = 20
    private static let zip64Version = 45
    /// General purpose flag bit 11: names are UTF-8.
    private static let utf8Names = 0x0800
    /// 1980-01-01 00:00 in MS-DOS date and time.
    private static let dosDate = 0x0021

    /// The fields both headers of a member share, in their order: flags, method (stored), time, date,
    /// CRC-32, compressed and uncompressed size, name length.
    private mutating func appendSharedFields(_ member: Member) {
        append16(Self.utf8Names)
        append16(0)
        append16(0)
        append16(Self.dosDate)
        append32(Int(member.crc))
        append32(member.size)
        append32(member.size)
        append16(member.name.count)
    }

    private mutating func appendLocalHeader(_ member: Member) {
        append32(0x0403_4B50)
        append16(Self.plainVersion)
        appendSharedFields(member)
        append16(0)
        bytes.append(contentsOf: member.name)
    }

    private mutating func appendDirectoryHeader(_ member: Member) {
        let farOffset = member.offset >= 0xFFFF_FFFF
        append32(0x0201_4B50)
        append16(Self.versionMadeBy)
        append16(farOffset ? Self.zip64Version : Self.plainVersion)
        appendSharedFields(member)
        append16(farOffset ? 12 : 0)
        append16(0)
        append16(0)
        append16(0)
        append32(0o100644 << 16)
        append32(farOffset ? 0xFFFF_FFFF : member.offset)
        bytes.append(contentsOf: member.name)
        if farOffset {
            append16(0x0001)
            append16(8)
            append64(member.offset)
        }
    }

    private mutating func append16(_ value: Int) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    private mutating func append32(_ value: Int) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    private mutating func append64(_ value: Int) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }
}
