// Grid layer: the Rucio REST client (no Python). One libcurl handle and one token serve every request,
// so a campaign's look-ups reuse a single connection; file DIDs are batched into few
// `POST /replicas/list` calls whose JSON lines are parsed as they arrive.

import Configuration
import Foundation

/// A client of one Rucio server.
///
/// Not thread-safe: use one per thread.
public final class RucioClient {
    /// Where it connects and how it authenticates.
    public let configuration: RucioConfiguration
    /// HTTP requests sent, authentication included (for measurements and tests).
    public private(set) var requestCount = 0
    /// Authentications made (a cached token makes none).
    public private(set) var authenticationCount = 0
    /// The most file DIDs sent in one `POST /replicas/list` (the server's schema allows 1,000).
    public static let didsPerRequest = 500

    private let connection: CurlConnection
    private let cache: RucioTokenCache
    private var token: RucioToken?

    private static let keptHeaders = [
        "X-Rucio-Auth-Token", "X-Rucio-Auth-Token-Expires", "ExceptionClass", "ExceptionMessage",
    ]

    /// A client for `configuration`; nothing is sent until the first request.
    ///
    /// - Throws: ``RucioError`` `.configuration` when libcurl cannot be set up.
    public init(configuration: RucioConfiguration) throws(RucioError) {
        var settings = CurlConnection.Settings()
        settings.connectTimeout = configuration.connectTimeout
        settings.requestTimeout = configuration.requestTimeout
        settings.caDirectory = configuration.caDirectory
        settings.caFile = configuration.caFile
        if case .x509Proxy(let path) = configuration.authentication { settings.clientCertificate = path }
        do {
            connection = try CurlConnection(settings: settings, keptHeaders: Self.keptHeaders)
        } catch {
            throw RucioError(.configuration, location: configuration.host, error.message)
        }
        self.configuration = configuration
        cache = RucioTokenCache(configuration: configuration)
        if case .token(let value) = configuration.authentication { token = RucioToken(value: value) }
    }

    // MARK: - API

    /// The server's version (`GET /ping`, no authentication).
    public func ping() throws(RucioError) -> String {
        let response = try send(HTTPRequest(method: .get, url: configuration.host + "/ping"))
        let value = try? JSONReader.parse(response.body)
        guard let version = value?["version"]?.stringValue else {
            throw RucioError(
                .malformedReply, location: "GET \(configuration.host)/ping", "the answer has no version",
                status: response.status)
        }
        return version
    }

    /// Makes sure a valid token is at hand: the cached one, else a new one from the authentication server.
    public func authenticate() throws(RucioError) {
        if let token, !token.isStale() { return }
        if let cached = cache.load() {
            token = cached
            return
        }
        try renewToken()
    }

    /// The replicas of `dids` (files, blocks or containers), one entry per file.
    ///
    /// File DIDs are sent ``didsPerRequest`` at a time; the answer streams in as JSON lines. A DID the
    /// catalogue does not know gives no entry (the server answers it with nothing, not with 404).
    public func listReplicas(_ dids: [DID], query: ReplicaQuery = ReplicaQuery()) throws(RucioError)
        -> [FileReplicas]
    {
        var found: [DID: FileReplicas] = [:]
        var order: [DID] = []
        let url = configuration.host + "/replicas/list"
        for start in stride(from: 0, to: dids.count, by: Self.didsPerRequest) {
            let batch = Array(dids[start..<min(dids.count, start + Self.didsPerRequest)])
            let request = HTTPRequest(
                method: .post, url: url, headers: [("Content-Type", "application/json")], body: query.body(batch))
            _ = try sendAuthenticated(request) { line throws(RucioError) in
                guard !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) else { return }
                let file = try FileReplicas(line: line, location: request.summary)
                if found.updateValue(file, forKey: file.did) == nil { order.append(file.did) }
            }
        }
        return order.compactMap { found[$0] }
    }

    /// The files of a block or container (`GET /dids/{scope}/{name}/files`).
    ///
    /// - Throws: ``RucioError`` `.notFound` for an unknown DID.
    public func listFiles(_ did: DID) throws(RucioError) -> [DIDFile] {
        var files: [DIDFile] = []
        let request = HTTPRequest(method: .get, url: configuration.host + "/dids/" + did.pathComponent + "/files")
        _ = try sendAuthenticated(request) { line throws(RucioError) in
            guard !line.isEmpty else { return }
            let value: ConfigValue
            do {
                value = try JSONReader.parse(Array(line))
            } catch {
                throw RucioError(.malformedReply, location: request.summary, "a file line is not JSON: \(error)")
            }
            guard let scope = value["scope"]?.stringValue, let name = value["name"]?.stringValue else {
                throw RucioError(.malformedReply, location: request.summary, "a file line has no scope or name")
            }
            files.append(
                DIDFile(
                    did: DID(scope: scope, name: name), bytes: value["bytes"]?.coercedInt,
                    adler32: value["adler32"]?.stringValue, events: value["events"]?.coercedInt))
        }
        return files
    }

    // MARK: - Requests

    /// Sends `request` with the token; a 401 drops the token and tries once more with a new one.
    func sendAuthenticated(
        _ request: HTTPRequest, onLine: ((ArraySlice<UInt8>) throws(RucioError) -> Void)? = nil
    ) throws(RucioError) -> HTTPResponse {
        try authenticate()
        do {
            return try send(withToken(request), onLine: onLine)
        } catch  where error.code == .unauthorized {
            if case .token = configuration.authentication { throw error }
            cache.remove()
            token = nil
            try renewToken()
            return try send(withToken(request), onLine: onLine)
        }
    }

    private func withToken(_ request: HTTPRequest) -> HTTPRequest {
        var request = request
        request.headers.append(("X-Rucio-Auth-Token", token?.value ?? ""))
        if let vo = configuration.vo { request.headers.append(("X-Rucio-VO", vo)) }
        return request
    }

    private func renewToken() throws(RucioError) {
        var headers: [(String, String)] = [("X-Rucio-Account", configuration.account)]
        if let vo = configuration.vo { headers.append(("X-Rucio-VO", vo)) }
        let path: String
        switch configuration.authentication {
        case .token:
            throw RucioError(
                .unauthorized, location: configuration.authHost, "the configured token was refused or has expired",
                fix: "get a new token, or use auth_type = x509_proxy or userpass")
        case .userpass(let username, let password):
            path = "/auth/userpass"
            headers += [("X-Rucio-Username", username), ("X-Rucio-Password", password)]
        case .x509Proxy(let proxy):
            guard FileManager.default.isReadableFile(atPath: proxy) else {
                throw RucioError(
                    .configuration, location: proxy, "the X.509 proxy cannot be read",
                    fix: "create one with 'voms-proxy-init -voms cms -rfc --valid 168:0' or set X509_USER_PROXY")
            }
            path = "/auth/x509_proxy"
        }
        let response = try send(HTTPRequest(method: .get, url: configuration.authHost + path, headers: headers))
        authenticationCount += 1
        guard let value = response.headers["x-rucio-auth-token"], !value.isEmpty else {
            throw RucioError(
                .malformedReply, location: "GET \(configuration.authHost)\(path)",
                "the authentication answer has no X-Rucio-Auth-Token header", status: response.status)
        }
        let renewed = RucioToken(
            value: value, expires: response.headers["x-rucio-auth-token-expires"].flatMap(RucioToken.parseExpiry))
        token = renewed
        cache.store(renewed)
    }

    /// Sends `request`, trying again after connection failures, timeouts and 5xx answers, with a backoff
    /// that doubles each time; an HTTP error status becomes a ``RucioError``.
    private func send(
        _ request: HTTPRequest, onLine: ((ArraySlice<UInt8>) throws(RucioError) -> Void)? = nil
    ) throws(RucioError) -> HTTPResponse {
        let location = request.method.rawValue + " " + request.url
        var attempt = 0
        while true {
            requestCount += 1
            let retryable: RucioError
            do {
                let response = try connection.perform(request, onLine: onLine.map { handler in { try handler($0) } })
                guard response.status >= 400 else { return response }
                let failure = Self.error(for: response, location: location)
                guard failure.code == .serverError else { throw failure }
                retryable = failure
            } catch let failure as TransportFailure {
                if let cause = failure.cause as? RucioError { throw cause }
                let mapped = Self.error(for: failure, location: location, configuration: configuration)
                guard mapped.code == .unreachable || mapped.code == .timeout else { throw mapped }
                retryable = mapped
            } catch let failure as RucioError {
                throw failure
            } catch {
                throw RucioError(.malformedReply, location: location, "\(error)")
            }
            guard attempt < configuration.retries else {
                var failure = retryable
                if attempt > 0 { failure.message += " (after \(attempt + 1) attempts)" }
                throw failure
            }
            Thread.sleep(forTimeInterval: configuration.backoff * Double(1 << min(attempt, 10)))
            attempt += 1
        }
    }

    // MARK: - Errors

    private static func error(for response: HTTPResponse, location: String) -> RucioError {
        var exceptionClass = response.headers["exceptionclass"]
        var exceptionMessage = response.headers["exceptionmessage"]
        if exceptionClass == nil, let body = try? JSONReader.parse(response.body) {
            exceptionClass = body["ExceptionClass"]?.stringValue
            exceptionMessage = body["ExceptionMessage"]?.stringValue
        }
        let text = String(decoding: response.body.prefix(300), as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
        let said = exceptionClass.map { "\($0): \(exceptionMessage ?? "")" } ?? (text.isEmpty ? "no details" : text)
        let status = response.status
        let (code, fix): (RucioError.Code, String?) =
            switch status {
            case 401:
                (
                    .unauthorized,
                    "check the account and credentials (username/password in rucio.cfg, or renew the proxy with "
                        + "'voms-proxy-init -voms cms -rfc')"
                )
            case 403: (.forbidden, "the account may not do this; ask for the permission or use another account")
            case 404: (.notFound, "check the scope and name")
            case 500...: (.serverError, "the Rucio server failed; try again later or report it to its admins")
            default: (.badRequest, nil)
            }
        return RucioError(code, location: location, "HTTP \(status) \(said)", fix: fix, status: status)
    }

    private static func error(for failure: TransportFailure, location: String, configuration: RucioConfiguration)
        -> RucioError
    {
        switch failure.kind {
        case .unreachable:
            RucioError(
                .unreachable, location: location, "the server cannot be reached: \(failure.message)",
                fix: "check rucio_host/auth_host in rucio.cfg and the network")
        case .timeout:
            RucioError(
                .timeout, location: location, "no answer in time: \(failure.message)",
                fix: "try again later; the server may be overloaded")
        case .tls:
            RucioError(
                .tls, location: location, "TLS failed: \(failure.message)",
                fix: "set ca_cert in rucio.cfg or X509_CERT_DIR to the grid CA certificates, and check the proxy")
        case .handler, .other:
            RucioError(.malformedReply, location: location, failure.message)
        }
    }
}
