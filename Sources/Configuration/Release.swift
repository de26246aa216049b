// Configuration layer: the release of this build, written into job scripts and outputs.

/// This build's release.
public enum Release {
    /// The pocket-coffea version.
    public static let version = "0.1.0"
}
