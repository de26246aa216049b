// Analysis layer: the configurator's `save_skimmed_files` — where a skim writes the events that pass
// the skim cuts, and which branches it keeps.
//
//   save_skimmed_files: skims/                        # every branch, to a folder (relative: to the configurator's)
//   save_skimmed_files: root://eosuser.cern.ch//eos/user/a/me/skims   # copied there with xrdcp
//   save_skimmed_files: {folder: skims/, branches: [run, event, "Muon_*", nMuon], compression: "zstd:5"}

import Configuration
import Foundation
import ROOTIO

/// Where and how a skim writes its files.
public struct SkimSettings: Sendable, Equatable {
    /// The destination folder: an absolute path or a `root://` URL. Each dataset gets a subfolder.
    public var destination: String
    /// Branch names or shell patterns (`Muon_*`) to keep; `nil` keeps every branch the writer can write.
    public var branches: [String]?
    /// The compression of the written files; `nil` writes them as the input is compressed.
    public var compression: ROOTCompression?

    public init(destination: String, branches: [String]? = nil, compression: ROOTCompression? = nil) {
        self.destination = destination
        self.branches = branches
        self.compression = compression
    }

    /// Whether the destination is remote (copied there with xrdcp).
    public var isRemote: Bool { destination.hasPrefix("root://") }

    /// The skim settings of `configurator`, or `nil` when it does not save skimmed files.
    ///
    /// - Throws: ``ConfigurationError`` naming the key of a malformed `save_skimmed_files`.
    public init?(_ configurator: AnalysisConfigurator) throws(ConfigurationError) {
        guard let value = configurator.analysis["save_skimmed_files"], value != .null else { return nil }
        let key = "save_skimmed_files"
        let example = "save_skimmed_files: skims/  or  {folder: skims/, branches: [\"Muon_*\", nMuon]}"
        var folder = value.stringValue
        if let section = value.objectValue {
            for name in section.keys where !["folder", "branches", "compression"].contains(name) {
                throw ConfigurationError(
                    .unknownKey, location: "\(key).\(name)", "unknown key '\(key).\(name)'",
                    fix: "use folder, branches and compression")
            }
            folder = section["folder"]?.stringValue
            if let list = section["branches"] {
                guard let names = list.coercedStringList, !names.isEmpty else {
                    throw ConfigurationError(
                        .invalidValue, location: "\(key).branches",
                        "'\(key).branches' must list branch names or patterns", fix: example)
                }
                branches = names
            }
            if let text = section["compression"] {
                compression = try Self.compression(text.coercedString ?? "", key: "\(key).compression")
            }
        }
        guard let folder, !folder.isEmpty else {
            throw ConfigurationError(
                .invalidValue, location: key, "'\(key)' must name a folder or a root:// URL", fix: example)
        }
        if folder.hasPrefix("root://") || folder.hasPrefix("/") {
            destination = folder
        } else {
            let base = (configurator.source as NSString).deletingLastPathComponent
            destination = URL(fileURLWithPath: folder, relativeTo: URL(fileURLWithPath: base + "/")).standardized.path
        }
        while destination.count > 1, destination.hasSuffix("/"), !destination.hasSuffix("//") {
            destination.removeLast()
        }
    }

    /// `zlib:1`, `lzma:9`, `lz4:4`, `zstd:5` or `none`.
    private static func compression(_ text: String, key: String) throws(ConfigurationError) -> ROOTCompression {
        let parts = text.lowercased().split(separator: ":")
        let level = parts.count == 2 ? Int(parts[1]) : nil
        let chosen: ROOTCompression? =
            switch (parts.first, level) {
            case ("none", nil) where parts.count == 1: ROOTCompression.none
            case ("zlib", let level?) where (1...9).contains(level): .zlib(level)
            case ("lzma", let level?) where (1...9).contains(level): .lzma(level)
            case ("lz4", let level?) where (1...9).contains(level): .lz4(level)
            case ("zstd", let level?) where (1...9).contains(level): .zstd(level)
            default: nil
            }
        guard let chosen else {
            throw ConfigurationError(
                .invalidValue, location: key, "'\(key)' is '\(text)'",
                fix: "use ALGORITHM:LEVEL with zlib, lzma, lz4 or zstd and a level 1-9 (zstd:5), or none")
        }
        return chosen
    }
}
