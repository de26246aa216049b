// Grid layer: where the Rucio client connects and how it authenticates. Values come from the CMS
// defaults, then rucio.cfg ($RUCIO_CONFIG, else $RUCIO_HOME/etc/rucio.cfg, else /opt/rucio/etc/rucio.cfg,
// else the CMS one on /cvmfs), then the environment (RUCIO_ACCOUNT, RUCIO_VO, RUCIO_AUTH_TYPE,
// RUCIO_AUTH_TOKEN, X509_USER_PROXY, X509_CERT_DIR), the same sources the Python rucio client reads.

import Foundation

/// How the client proves who it is.
public enum RucioAuthentication: Sendable, Equatable {
    /// An X.509 proxy (a PEM file with certificate and key), sent to `/auth/x509_proxy`.
    case x509Proxy(path: String)
    /// A user name and password, sent to `/auth/userpass`.
    case userpass(username: String, password: String)
    /// A token obtained elsewhere; it cannot be renewed.
    case token(String)

    /// The identity, for naming the token cache (never the password or the token).
    var identity: String {
        switch self {
        case .x509Proxy(let path): "x509:" + path
        case .userpass(let username, _): "userpass:" + username
        case .token: "token"
        }
    }
}

/// Everything the Rucio client needs to reach the server.
public struct RucioConfiguration: Sendable {
    /// The server, such as `https://cms-rucio.cern.ch`.
    public var host: String
    /// The authentication server, such as `https://cms-rucio-auth.cern.ch`.
    public var authHost: String
    /// The Rucio account.
    public var account: String
    /// The virtual organisation, sent as X-Rucio-VO when set.
    public var vo: String?
    /// The credentials.
    public var authentication: RucioAuthentication
    /// A folder of CA certificates for TLS.
    public var caDirectory: String?
    /// A file of CA certificates for TLS.
    public var caFile: String?
    /// Seconds allowed to connect.
    public var connectTimeout = 10
    /// Seconds allowed for one request.
    public var requestTimeout = 120
    /// How often a request is tried again after a connection failure, a timeout or a 5xx.
    public var retries = 3
    /// The wait before the first retry, in seconds; it doubles with each retry.
    public var backoff = 1.0
    /// Where tokens are cached (mode 0600); `nil` keeps them in memory only.
    public var tokenCacheFolder: String?

    /// The CMS server, used when no configuration names another.
    public static let cmsHost = "https://cms-rucio.cern.ch"
    /// The CMS authentication server.
    public static let cmsAuthHost = "https://cms-rucio-auth.cern.ch"
    /// The rucio.cfg of the CMS software area.
    public static let cmsConfigFile = "/cvmfs/cms.cern.ch/rucio/current/etc/rucio.cfg"

    public init(
        host: String, authHost: String? = nil, account: String, vo: String? = nil,
        authentication: RucioAuthentication, caDirectory: String? = nil, caFile: String? = nil,
        tokenCacheFolder: String? = nil
    ) {
        self.host = Self.trimmed(host)
        self.authHost = Self.trimmed(authHost ?? host)
        self.account = account
        self.vo = vo
        self.authentication = authentication
        self.caDirectory = caDirectory
        self.caFile = caFile
        self.tokenCacheFolder = tokenCacheFolder
    }

    /// The configuration from rucio.cfg and `environment`.
    ///
    /// - Throws: ``RucioError`` `.configuration` for an unreadable rucio.cfg, an unknown auth_type, or
    ///   userpass without a password.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(RucioError) -> RucioConfiguration
    {
        let (file, ini) = try configFile(environment)
        let place = file ?? "environment"
        func value(_ key: String, _ variable: String? = nil) -> String? {
            variable.flatMap { environment[$0] }.flatMap { $0.isEmpty ? nil : $0 } ?? ini?[section: "client", key: key]
        }
        let account = value("account", "RUCIO_ACCOUNT") ?? environment["USER"] ?? Self.loginName()
        let authType = (value("auth_type", "RUCIO_AUTH_TYPE") ?? "x509_proxy").lowercased()
        let authentication: RucioAuthentication
        switch authType {
        case "x509", "x509_proxy":
            let proxy =
                environment["X509_USER_PROXY"] ?? value("client_x509_proxy") ?? value("client_cert")
                ?? "/tmp/x509up_u\(getuid())"
            authentication = .x509Proxy(path: proxy)
        case "userpass":
            guard let username = value("username"), let password = value("password") else {
                throw RucioError(
                    .configuration, location: place, "auth_type = userpass needs both username and password",
                    fix: "add them to the [client] section, or use auth_type = x509_proxy with a grid proxy")
            }
            authentication = .userpass(username: username, password: password)
        case "token":
            guard let token = environment["RUCIO_AUTH_TOKEN"] ?? value("auth_token") else {
                throw RucioError(
                    .configuration, location: place, "auth_type = token needs a token",
                    fix: "export RUCIO_AUTH_TOKEN, or use auth_type = x509_proxy")
            }
            authentication = .token(token)
        default:
            throw RucioError(
                .configuration, location: place, "unsupported auth_type '\(authType)'",
                fix: "use x509_proxy, userpass or token")
        }
        var (caDirectory, caFile) = (String?.none, String?.none)
        if let ca = value("ca_cert") {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: ca, isDirectory: &isFolder), isFolder.boolValue {
                caDirectory = ca
            } else {
                caFile = ca
            }
        } else if let folder = environment["X509_CERT_DIR"] {
            caDirectory = folder
        } else if FileManager.default.fileExists(atPath: "/etc/grid-security/certificates") {
            caDirectory = "/etc/grid-security/certificates"
        }
        var configuration = RucioConfiguration(
            host: value("rucio_host") ?? cmsHost, authHost: value("auth_host") ?? cmsAuthHost, account: account,
            vo: value("vo", "RUCIO_VO"), authentication: authentication, caDirectory: caDirectory, caFile: caFile,
            tokenCacheFolder: UserCacheFolder(environment: environment).path + "/rucio")
        if let retries = value("request_retries").flatMap(Int.init) { configuration.retries = max(0, retries) }
        return configuration
    }

    /// The rucio.cfg to read, and its contents; `(nil, nil)` when there is none.
    private static func configFile(_ environment: [String: String]) throws(RucioError) -> (String?, INIFile?) {
        var candidates: [(String, Bool)] = []
        if let explicit = environment["RUCIO_CONFIG"] { candidates.append((explicit, true)) }
        if let home = environment["RUCIO_HOME"] { candidates.append((home + "/etc/rucio.cfg", true)) }
        candidates += [("/opt/rucio/etc/rucio.cfg", false), (cmsConfigFile, false)]
        for (path, required) in candidates {
            guard FileManager.default.fileExists(atPath: path) else {
                if required {
                    throw RucioError(
                        .configuration, location: path, "the Rucio configuration file does not exist",
                        fix: "fix RUCIO_CONFIG / RUCIO_HOME, or unset them to use the CMS defaults")
                }
                continue
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw RucioError(.configuration, location: path, "the Rucio configuration file cannot be read")
            }
            return (path, INIFile(String(decoding: data, as: UTF8.self)))
        }
        return (nil, nil)
    }

    private static func loginName() -> String {
        getpwuid(getuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? "unknown"
    }

    private static func trimmed(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }
}
