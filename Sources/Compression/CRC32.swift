// Compression layer: the CRC-32 of zip members (ISO 3309, as zlib and zip compute it), through
// libdeflate's carry-less-multiply implementation.

import CDeflate

/// CRC-32 checksums.
public enum CRC32 {
    /// The CRC-32 of `bytes`, or of the bytes before them followed by `bytes` when `crc` is their checksum.
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return crc }
        return libdeflate_crc32(crc, base, bytes.count)
    }

    /// The CRC-32 of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }
}
