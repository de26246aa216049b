// ROOTIO writer: the compression of new baskets and records, in ROOT's fCompress terms (algorithm ×
// 100 + level).

import Compression

/// How a writer compresses baskets and records.
public struct ROOTCompression: Sendable, Hashable, CustomStringConvertible {
    /// The algorithm, or `nil` to store everything uncompressed.
    public var algorithm: CompressionAlgorithm?
    /// ROOT's level, 1 to 9 (0 when uncompressed).
    public var level: Int

    /// Stored as is.
    public static let none = ROOTCompression(algorithm: nil, level: 0)
    /// ZLIB at `level` (NanoAOD's usual setting is ZLIB or LZMA).
    public static func zlib(_ level: Int) -> ROOTCompression { ROOTCompression(algorithm: .zlib, level: level) }
    /// LZMA at `level`.
    public static func lzma(_ level: Int) -> ROOTCompression { ROOTCompression(algorithm: .lzma, level: level) }
    /// LZ4 at `level`.
    public static func lz4(_ level: Int) -> ROOTCompression { ROOTCompression(algorithm: .lz4, level: level) }
    /// ZSTD at `level`.
    public static func zstd(_ level: Int) -> ROOTCompression { ROOTCompression(algorithm: .zstd, level: level) }

    /// fCompress: algorithm × 100 + level (1 ZLIB, 2 LZMA, 4 LZ4, 5 ZSTD); 0 when uncompressed.
    public var fCompress: Int {
        switch algorithm {
        case .zlib: 100 + level
        case .lzma: 200 + level
        case .lz4: 400 + level
        case .zstd: 500 + level
        case .oldDeflate: 300 + level
        case nil: 0
        }
    }

    public var description: String { algorithm.map { "\($0) level \(level)" } ?? "uncompressed" }

    /// Checks the level and the algorithm.
    func validated() throws(ROOTWriteError) -> ROOTCompression {
        guard let algorithm else { return .none }
        guard algorithm != .oldDeflate else {
            throw ROOTWriteError(
                .invalidDeclaration, "ROOT's old deflate (CS) is read, not written; use .zlib(level) instead")
        }
        guard (1...9).contains(level) else {
            throw ROOTWriteError(
                .invalidDeclaration, "compression level \(level) for \(algorithm): use 1 to 9, or .none")
        }
        return self
    }
}

extension ROOTCompression {
    /// The compression a file's fCompress (``ROOTFile/compression``) names, to write as its input was
    /// written: algorithm 0 (ROOT's global default) and ROOT's old deflate become ZLIB, levels above 9
    /// become 9, level 0 means uncompressed.
    public init(fCompress: Int) {
        let level = min(9, max(0, fCompress % 100))
        guard level > 0 else {
            self = .none
            return
        }
        switch fCompress / 100 {
        case 2: self = .lzma(level)
        case 4: self = .lz4(level)
        case 5: self = .zstd(level)
        default: self = .zlib(level)
        }
    }
}
