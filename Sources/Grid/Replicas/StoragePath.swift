// Grid layer: a file URL as a site prefix plus a CMS logical file name (`/store/...`), and the
// normalized form used to compare URLs that differ only in spelling (`root://h//eos/cms/store/x` and
// `root://h:1094/eos/cms/store/x` are the same file).

/// A file URL split into its site prefix and its LFN.
public struct StoragePath: Sendable, Equatable {
    /// Everything before the LFN, such as `root://eoscms.cern.ch//eos/cms`.
    public var prefix: String
    /// The logical file name, from `/store/` on.
    public var lfn: String

    /// Splits `url` at its first `/store/`; `nil` for a local path or a URL without one.
    public init?(url: String) {
        guard url.contains("://"), let range = url.range(of: "/store/") else { return nil }
        prefix = String(url[..<range.lowerBound])
        lfn = String(url[range.lowerBound...])
    }

    /// `host:port` of a URL, lower-cased, with XRootD's default port 1094 for `root://` when none is written.
    static func authority(of url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        var authority = String(rest[..<(rest.firstIndex(of: "/") ?? rest.endIndex)]).lowercased()
        if !authority.contains(":"), url.lowercased().hasPrefix("root:") { authority += ":1094" }
        return authority
    }

    /// `scheme://host:port/path` with repeated slashes in the path collapsed and no trailing slash.
    static func normalized(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let authority = authority(of: url) else { return url }
        let rest = url[scheme.upperBound...]
        let path = rest.firstIndex(of: "/").map { rest[$0...] } ?? ""
        var collapsed = ""
        for character in path where !(character == "/" && collapsed.hasSuffix("/")) { collapsed.append(character) }
        while collapsed.hasSuffix("/") { collapsed.removeLast() }
        return url[..<scheme.lowerBound].lowercased() + "://" + authority + collapsed
    }
}
