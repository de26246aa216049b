// ROOTIO byte sources: the URL's scheme picks the implementation (a path or file://, root://, http(s)://).

/// Opens the byte source for `url`: a path or `file://…` → ``LocalFileSource``, `root://…` (also `roots://`,
/// `xroot://`, `xroots://`) → ``XRootDSource``, `http://…` or `https://…` → ``HTTPSource``.
///
/// - Parameters:
///   - url: The file's address as the user wrote it.
///   - options: Timeouts and connection attempts for remote sources.
/// - Returns: An open source; opening already fails for a missing or forbidden file.
/// - Throws: ``ByteSourceError``; `.unsupportedScheme` for any other `scheme://`.
public func openByteSource(url: String, options: ByteSourceOptions = ByteSourceOptions()) throws(ByteSourceError)
    -> any ByteSource
{
    switch ByteSourceScheme(url: url) {
    case .local: return try LocalFileSource(url: url)
    case .xrootd: return try XRootDSource(url: url, options: options)
    case .http: return try HTTPSource(url: url, options: options)
    case .unsupported(let scheme):
        throw ByteSourceError(
            .unsupportedScheme, url: url,
            message: "unsupported scheme '\(scheme)://'; use a path, file://, root://, http:// or https://")
    }
}

/// The kind of source a URL names.
enum ByteSourceScheme: Equatable {
    /// A path or a `file://` URL.
    case local
    /// `root://`, `roots://`, `xroot://` or `xroots://`.
    case xrootd
    /// `http://` or `https://`.
    case http
    /// Any other `scheme://`.
    case unsupported(String)

    init(url: String) {
        guard let separator = url.firstRange(of: "://"),
            case let scheme = url[..<separator.lowerBound].lowercased(),
            scheme.first?.isLetter == true,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else {
            self = .local
            return
        }
        switch scheme {
        case "file": self = .local
        case "root", "roots", "xroot", "xroots": self = .xrootd
        case "http", "https": self = .http
        default: self = .unsupported(scheme)
        }
    }
}
