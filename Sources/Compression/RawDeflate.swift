// Compression layer: raw DEFLATE streams (RFC 1951, no zlib header), as zip stores deflated members.

import CDeflate

/// Inflates raw DEFLATE streams of known size.
public enum RawDeflate {
    /// The `size` bytes that `data` inflates to, or nil when the stream is corrupt or inflates to another size.
    public static func inflate(_ data: UnsafeRawBufferPointer, size: Int) -> [UInt8]? {
        guard let decompressor = libdeflate_alloc_decompressor() else { return nil }
        defer { libdeflate_free_decompressor(decompressor) }
        var produced = 0
        var result = LIBDEFLATE_BAD_DATA
        let output = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { buffer, initialized in
            result = libdeflate_deflate_decompress(
                decompressor, data.baseAddress, data.count, buffer.baseAddress, size, &produced)
            initialized = result == LIBDEFLATE_SUCCESS ? produced : 0
        }
        guard result == LIBDEFLATE_SUCCESS, produced == size else { return nil }
        return output
    }
}
