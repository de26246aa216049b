// Corrections layer: inflating `.json.gz` correctionlib files (the CMS POGs ship them gzipped) with
// zlib's streaming inflate, so the size need not be known in advance.

import CZlib
import Foundation

/// gzip decompression of whole files.
enum Gzip {
    /// Whether `data` starts with the gzip magic bytes 1f 8b.
    static func isCompressed(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b
    }

    /// The inflated bytes of the gzip stream (or streams, one after the other) in `data`.
    ///
    /// - Throws: ``CorrectionError`` `.unreadableFile` when the stream is corrupt or cut short.
    static func inflate(_ data: Data) throws(CorrectionError) -> [UInt8] {
        let input = [UInt8](data)
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var stream = z_stream()
        // 15 + 32: the largest window, and a gzip or zlib header detected automatically.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw CorrectionError(.unreadableFile, "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        var status: Int32 = Z_OK
        input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            chunk.withUnsafeMutableBufferPointer { target in
                while true {
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    output.append(contentsOf: target[0..<(target.count - Int(stream.avail_out))])
                    if status == Z_STREAM_END {
                        // Another gzip member may follow (as `cat a.gz b.gz`).
                        guard stream.avail_in > 0 else { return }
                        guard inflateReset(&stream) == Z_OK else { return }
                        continue
                    }
                    if status != Z_OK { return }
                }
            }
        }
        guard status == Z_STREAM_END else {
            let reason =
                status == Z_BUF_ERROR
                ? "the file is cut short" : (zError(status).map { String(cString: $0) } ?? "error \(status)")
            throw CorrectionError(.unreadableFile, "cannot inflate the gzip file: \(reason)")
        }
        return output
    }
}
