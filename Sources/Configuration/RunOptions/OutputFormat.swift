// Configuration layer: the format of output files (run option `output-format`): UHI JSON, readable
// as text, or UHI's zip form with binary arrays, several times smaller and much faster to merge.

/// The format of the output files a run writes.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// UHI JSON, one entry per line (`.json`).
    case json
    /// UHI zip: per-histogram JSON members with `.npy` arrays (`.zip`).
    case zip

    /// The extension of files in this format, without the dot.
    public var fileExtension: String { rawValue }

    /// The format a path's extension names: `.zip` is zip, anything else JSON.
    public init(path: String) {
        self = path.lowercased().hasSuffix(".zip") ? .zip : .json
    }
}
