// ROOTIO writer: the TKey header in front of every record (docs/specs/root_format.md §2), the
// mirror of KeyHeader. Keys at or past kStartBigFile use version 1004 and 64-bit seeks.
//
//   field        width   notes
//   fNbytes      i32     record size on disk, key included
//   fVersion     i16     4, or 1004 with 64-bit seeks
//   fObjlen      i32     uncompressed object size
//   fDatime      u32     TDatime
//   fKeylen      i16     this header's size
//   fCycle       i16
//   fSeekKey     i32/i64 where the key starts
//   fSeekPdir    i32/i64 where the parent directory's key starts
//   fClassName, fName, fTitle   TStrings

import Foundation

/// ROOT's constants for the writer, under their ROOT names.
enum ROOTConstants {
    /// Seeks at or past this offset need 64-bit fields.
    static let kStartBigFile: Int64 = 2_000_000_000
    /// fBEGIN: where the first record (the TFile key) starts.
    static let kBEGIN: Int64 = 100
}

/// One key header to write.
struct KeyRecord {
    var totalBytes: Int
    var objectLength: Int
    var datime: UInt32
    var cycle: Int16
    var seekKey: Int64
    var seekParentDirectory: Int64
    var className: String
    var name: String
    var title: String
    /// Version 1004 with 64-bit seeks (always used for baskets, as ROOT does).
    var big: Bool
    /// Bytes after the header that count as key (a basket's 19-byte header); written by the caller.
    var trailer = 0

    init(
        className: String, name: String, title: String, seekKey: Int64, cycle: Int16 = 1, big: Bool = false,
        seekParentDirectory: Int64 = ROOTConstants.kBEGIN, datime: UInt32
    ) {
        self.className = className
        self.name = name
        self.title = title
        self.seekKey = seekKey
        self.cycle = cycle
        self.big = big || seekKey >= ROOTConstants.kStartBigFile
        self.seekParentDirectory = seekParentDirectory
        self.datime = datime
        totalBytes = 0
        objectLength = 0
    }

    /// fKeylen.
    var length: Int {
        (big ? 34 : 26) + ByteWriter.stringSize(className) + ByteWriter.stringSize(name)
            + ByteWriter.stringSize(title) + trailer
    }

    func write(into writer: inout ByteWriter) {
        writer.i32(totalBytes)
        writer.i16(big ? 1004 : 4)
        writer.i32(objectLength)
        writer.u32(datime)
        writer.i16(Int16(length))
        writer.i16(cycle)
        if big {
            writer.i64(seekKey)
            writer.i64(seekParentDirectory)
        } else {
            writer.i32(Int32(seekKey))
            writer.i32(Int32(seekParentDirectory))
        }
        writer.string(className)
        writer.string(name)
        writer.string(title)
    }

    /// A TDatime word for `date` in UTC: year-1995, month, day, hour, minute, second packed into 32 bits.
    static func datime(_ date: Date) -> UInt32 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let year = UInt32(max(0, (parts.year ?? 1995) - 1995))
        return year << 26 | UInt32(parts.month ?? 1) << 22 | UInt32(parts.day ?? 1) << 17
            | UInt32(parts.hour ?? 0) << 12 | UInt32(parts.minute ?? 0) << 6 | UInt32(parts.second ?? 0)
    }
}
