// ROOTIO writer: the TFile record at fBEGIN — a key (class TFile), the file's name and title, then the
// root directory (docs/specs/root_format.md §3). Its size is fixed when the file is created, so close()
// can rewrite it in place once the key list's position is known.
//
//   directory   width    notes
//   fVersion    i16      5, or 1005 with 64-bit seeks
//   fDatimeC    u32
//   fDatimeM    u32
//   fNbytesKeys i32      key list record size
//   fNbytesName i32      TFile key + name + title
//   fSeekDir    i32/i64  fBEGIN
//   fSeekParent i32/i64  0
//   fSeekKeys   i32/i64  key list record
//   fUUID       u16 + 16 bytes, then zero padding to 60 bytes

import Foundation

/// The TFile key and root directory of a file being written.
struct DirectoryRecordWriter {
    /// The directory part's size: the 64-bit layout (42 bytes) plus the UUID (18).
    static let directorySize = 60

    let fileName: String
    let datime: UInt32
    let uuid = UUID()

    /// The TFile key (class, name = file name, empty title).
    var key: KeyRecord {
        var key = KeyRecord(
            className: "TFile", name: fileName, title: "", seekKey: ROOTConstants.kBEGIN, seekParentDirectory: 0,
            datime: datime)
        key.objectLength = size - key.length
        key.totalBytes = size
        return key
    }

    /// fNbytesName: the key, the name and the title.
    var nameBytes: Int { key.length + ByteWriter.stringSize(fileName) + ByteWriter.stringSize("") }

    /// The whole record's size.
    var size: Int {
        KeyRecord(className: "TFile", name: fileName, title: "", seekKey: 0, datime: 0).length
            + ByteWriter.stringSize(fileName) + 1 + Self.directorySize
    }

    /// The record, pointing at the key list written at `keysSeek` (`keysBytes` long).
    func bytes(keysSeek: Int64, keysBytes: Int) -> [UInt8] {
        var writer = ByteWriter(capacity: size)
        key.write(into: &writer)
        writer.string(fileName)
        writer.string("")
        let big = keysSeek >= ROOTConstants.kStartBigFile
        writer.i16(big ? 1005 : 5)
        writer.u32(datime)
        writer.u32(datime)
        writer.i32(keysBytes)
        writer.i32(nameBytes)
        if big {
            writer.i64(ROOTConstants.kBEGIN)
            writer.i64(0)
            writer.i64(keysSeek)
        } else {
            writer.i32(Int32(ROOTConstants.kBEGIN))
            writer.i32(0)
            writer.i32(Int32(keysSeek))
        }
        writer.u16(1)
        writer.append(uuidBytes)
        writer.append(repeatElement(0, count: size - writer.count))
        return writer.bytes
    }

    var uuidBytes: [UInt8] { withUnsafeBytes(of: uuid.uuid) { Array($0) } }
}
