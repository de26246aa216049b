// ROOTIO writer: a new ROOT file holding TTrees. Baskets go to disk as clusters fill; the trees, the
// StreamerInfo record, the key list and the free-segment record are written by close(), which then
// fills in the file header. The file is written under a temporary name in the destination folder,
// synced, and renamed into place, so a killed process never leaves a half file under the final name.

import Compression
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A ROOT file being written.
///
/// ```swift
/// let file = try ROOTFileWriter(path: "skim.root", compression: .zlib(1))
/// let events = try file.makeTree(name: "Events", branches: [
///     BranchDescription(name: "nMuon", type: .uint32),
///     BranchDescription(name: "Muon_pt", type: .float32, counter: "nMuon"),
/// ])
/// try events.append([nMuonColumn, muonPtColumn])
/// try file.close()
/// ```
public final class ROOTFileWriter {
    /// The final path of the file.
    public let path: String
    /// The compression of baskets and records.
    public let compression: ROOTCompression
    let temporaryPath: String
    let compressor: Compressor?
    private var descriptor: Int32
    /// Where the next record goes.
    private(set) var position: Int64
    private(set) var trees: [TreeWriter] = []
    /// The TFile record at fBEGIN: key, name, title, then the directory (rewritten by close()).
    let directory: DirectoryRecordWriter
    /// The time written into keys.
    let now = Date()
    private var closed = false

    /// Creates the file (under a temporary name until ``close()``).
    ///
    /// - Throws: ``ROOTWriteError`` `.invalidDeclaration` for a bad compression level, `.io` when the
    ///   folder cannot hold a new file.
    public init(path: String, compression: ROOTCompression = .zlib(1)) throws(ROOTWriteError) {
        self.path = path
        self.compression = try compression.validated()
        compressor = compression.algorithm.map { Compressor(algorithm: $0, level: compression.level) }
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        temporaryPath =
            url.deletingLastPathComponent().appendingPathComponent(
                ".\(name).\(UUID().uuidString.prefix(8)).tmp"
            ).path
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ROOTWriteError(.io, "cannot create \(temporaryPath) for \(path): \(String(cString: strerror(errno)))")
        }
        directory = DirectoryRecordWriter(fileName: name, datime: KeyRecord.datime(now))
        position = ROOTConstants.kBEGIN + Int64(directory.size)
        try write(directory.bytes(keysSeek: 0, keysBytes: 0), at: ROOTConstants.kBEGIN)
    }

    deinit {
        if !closed {
            _ = closeFile(descriptor)
            unlink(temporaryPath)
        }
    }

    /// Adds a tree with `branches`; its baskets are written as ``TreeWriter/append(_:)`` fills them.
    ///
    /// - Parameters:
    ///   - basketSize: the basket size target in bytes: once a branch's pending basket reaches it, every
    ///     branch's basket is written (one cluster).
    /// - Throws: ``ROOTWriteError`` `.invalidDeclaration` or `.unsupportedType` for branches that cannot be
    ///   written, a tree name used twice, or a closed file.
    public func makeTree(
        name: String, title: String = "", branches: [BranchDescription], basketSize: Int = 256 * 1024
    ) throws(ROOTWriteError) -> TreeWriter {
        try checkOpen()
        guard !trees.contains(where: { $0.name == name }) else {
            throw ROOTWriteError(.invalidDeclaration, "\(path) already has a tree '\(name)'")
        }
        let tree = try TreeWriter(file: self, name: name, title: title, branches: branches, basketSize: basketSize)
        trees.append(tree)
        return tree
    }

    /// Adds a tree with the same branches as the reader's `branches` (for a skim: read, select, write).
    ///
    /// - Throws: ``ROOTWriteError`` as ``makeTree(name:title:branches:basketSize:)``; `.unsupportedType` for
    ///   branches the writer cannot write (strings, objects).
    public func makeTree(
        name: String, title: String = "", copying branches: [Branch], basketSize: Int = 256 * 1024
    ) throws(ROOTWriteError) -> TreeWriter {
        var descriptions: [BranchDescription] = []
        for branch in branches { descriptions.append(try BranchDescription(copying: branch)) }
        return try makeTree(name: name, title: title, branches: descriptions, basketSize: basketSize)
    }

    // MARK: - Bytes

    func checkOpen() throws(ROOTWriteError) {
        guard !closed else { throw ROOTWriteError(.closed, "\(path) is closed; make a new ROOTFileWriter") }
    }

    /// Writes `bytes` at the end of the file; returns where they went.
    @discardableResult
    func append(_ bytes: [UInt8]) throws(ROOTWriteError) -> Int64 {
        try checkOpen()
        let seek = position
        try write(bytes, at: seek)
        position += Int64(bytes.count)
        return seek
    }

    func write(_ bytes: [UInt8], at offset: Int64) throws(ROOTWriteError) {
        var done = 0
        while done < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                pwrite(descriptor, raw.baseAddress.map { $0 + done }, raw.count - done, off_t(offset) + off_t(done))
            }
            guard written > 0 else {
                if written < 0 && errno == EINTR { continue }
                throw ROOTWriteError(
                    .io,
                    "cannot write \(bytes.count) bytes at \(offset) of \(path): \(String(cString: strerror(errno)))")
            }
            done += written
        }
    }

    /// Syncs the file, closes it and renames it to ``path``.
    func commit() throws(ROOTWriteError) {
        closed = true
        let synced = fsync(descriptor) == 0
        let closedCleanly = closeFile(descriptor) == 0
        guard synced, closedCleanly, rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw ROOTWriteError(.io, "cannot finish \(path) (sync, close or rename of \(temporaryPath)): \(reason)")
        }
        let folder = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        if folder >= 0 {
            _ = fsync(folder)
            _ = closeFile(folder)
        }
    }
}

/// close(2), out of reach of ``ROOTFileWriter/close()`` inside the class.
private func closeFile(_ descriptor: Int32) -> Int32 { close(descriptor) }
