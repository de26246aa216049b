// Grid layer: HTTP(S) over one libcurl easy handle. Keeping the handle keeps its connection (and TLS
// session) open between requests, which is what makes a thousand Rucio look-ups cheap. Bodies can be
// handed over line by line while they arrive (Rucio's application/x-json-stream).

import CCurl

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a request got no HTTP answer.
struct TransportFailure: Error {
    /// The kind of failure.
    enum Kind {
        /// No connection could be made, or it broke before the answer was complete.
        case unreachable
        /// The connection or the request took longer than allowed.
        case timeout
        /// TLS failed: the server's certificate, the CA folder or file, or the client certificate.
        case tls
        /// The line handler refused the body (its error is in `cause`).
        case handler
        /// Anything else libcurl reports.
        case other
    }

    var kind: Kind
    /// libcurl's own words.
    var message: String
    /// The handler's error, for `.handler`.
    var cause: (any Error)?
}

/// One reusable libcurl handle.
final class CurlConnection {
    /// Timeouts and TLS material.
    struct Settings {
        /// Seconds allowed to connect.
        var connectTimeout = 10
        /// Seconds allowed for a whole request.
        var requestTimeout = 120
        /// A folder of CA certificates (hashed names, as /etc/grid-security/certificates).
        var caDirectory: String?
        /// A file of CA certificates.
        var caFile: String?
        /// A PEM file holding the client certificate and its key (an X.509 proxy).
        var clientCertificate: String?
    }

    private let handle: UnsafeMutableRawPointer
    private let collector = BodyCollector()
    private let errorText: UnsafeMutablePointer<CChar>
    /// The response headers kept, by their lower-case name.
    private let keptHeaders: [String]

    /// Why a connection cannot be made.
    struct SetupFailure: Error {
        var message: String
    }

    /// A handle configured with `settings`; `keptHeaders` names the response headers callers read.
    ///
    /// - Throws: ``SetupFailure`` when libcurl cannot be loaded or gives no handle.
    init(settings: Settings, keptHeaders: [String]) throws(SetupFailure) {
        if let problem = ccurl_load() { throw SetupFailure(message: String(cString: problem)) }
        guard let handle = ccurl_easy_init() else { throw SetupFailure(message: "libcurl could not create a handle") }
        self.handle = handle
        self.keptHeaders = keptHeaders
        errorText = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorText.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        setLong(CURLOPT_NOSIGNAL, 1)
        setLong(CURLOPT_CONNECTTIMEOUT, max(1, settings.connectTimeout))
        setLong(CURLOPT_TIMEOUT, max(1, settings.requestTimeout))
        setLong(CURLOPT_TCP_KEEPALIVE, 1)
        setString(CURLOPT_USERAGENT, "pocket-coffea")
        setString(CURLOPT_ACCEPT_ENCODING, "")
        _ = ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorText)
        if let folder = settings.caDirectory { setString(CURLOPT_CAPATH, folder) }
        if let file = settings.caFile { setString(CURLOPT_CAINFO, file) }
        if let certificate = settings.clientCertificate {
            setString(CURLOPT_SSLCERT, certificate)
            setString(CURLOPT_SSLKEY, certificate)
            setString(CURLOPT_SSLCERTTYPE, "PEM")
        }
        _ = ccurl_setopt_write_function(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            guard let data, let context else { return 0 }
            let collector = Unmanaged<BodyCollector>.fromOpaque(context).takeUnretainedValue()
            return collector.append(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
        }
        _ = ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(collector).toOpaque())
    }

    deinit {
        ccurl_easy_cleanup(handle)
        errorText.deallocate()
    }

    /// Sends `request` and waits for the answer.
    ///
    /// - Parameter onLine: when given, a 200 body is handed over one `\n`-terminated line at a time (without
    ///   the newline) as it arrives, and not kept; other bodies are kept whole for the error message.
    /// - Throws: ``TransportFailure`` when no complete HTTP answer came, or `onLine` threw.
    func perform(_ request: HTTPRequest, onLine: ((ArraySlice<UInt8>) throws -> Void)? = nil) throws(TransportFailure)
        -> HTTPResponse
    {
        collector.reset(handle: handle, onLine: onLine)
        errorText[0] = 0
        setString(CURLOPT_URL, request.url)
        switch request.method {
        case .get:
            setLong(CURLOPT_HTTPGET, 1)
        case .post:
            setLong(CURLOPT_POST, 1)
            let body = request.body ?? []
            setLong(CURLOPT_POSTFIELDSIZE, body.count)
            if body.isEmpty {
                setString(CURLOPT_COPYPOSTFIELDS, "")
            } else {
                _ = body.withUnsafeBytes { ccurl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }
            }
        }
        var list: UnsafeMutablePointer<curl_slist>?
        for header in request.headers { list = ccurl_slist_append(list, "\(header.name): \(header.value)") }
        if request.method == .post { list = ccurl_slist_append(list, "Expect:") }
        _ = ccurl_setopt_pointer(handle, CURLOPT_HTTPHEADER, list)
        defer {
            _ = ccurl_setopt_pointer(handle, CURLOPT_HTTPHEADER, nil)
            ccurl_slist_free_all(list)
        }
        let code = ccurl_easy_perform(handle)
        if let failure = collector.failure {
            throw TransportFailure(kind: .handler, message: "\(failure)", cause: failure)
        }
        if code != CURLE_OK {
            let detail = String(cString: errorText)
            throw TransportFailure(
                kind: Self.kind(of: code), message: detail.isEmpty ? String(cString: ccurl_easy_strerror(code)) : detail
            )
        }
        do {
            try collector.finish()
        } catch {
            throw TransportFailure(kind: .handler, message: "\(error)", cause: error)
        }
        var headers: [String: String] = [:]
        for name in keptHeaders {
            var header: UnsafeMutablePointer<curl_header>?
            if ccurl_easy_header(handle, name, 0, UInt32(CURLH_HEADER), -1, &header) == CURLHE_OK,
                let value = header?.pointee.value
            {
                headers[name.lowercased()] = String(cString: value)
            }
        }
        return HTTPResponse(status: collector.status, headers: headers, body: collector.body)
    }

    private func setLong(_ option: CURLoption, _ value: Int) { _ = ccurl_setopt_long(handle, option, value) }

    /// libcurl copies string options, so the C string need only live for the call.
    private func setString(_ option: CURLoption, _ value: String) {
        _ = value.withCString { ccurl_setopt_pointer(handle, option, $0) }
    }

    private static func kind(of code: CURLcode) -> TransportFailure.Kind {
        switch code {
        case CURLE_OPERATION_TIMEDOUT: .timeout
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_SEND_ERROR,
            CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            .unreachable
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND:
            .tls
        default: .other
        }
    }
}

/// Receives a body for the write callback: whole, or split into lines for a handler.
private final class BodyCollector {
    private(set) var body: [UInt8] = []
    private(set) var status = 0
    private(set) var failure: (any Error)?
    private var onLine: ((ArraySlice<UInt8>) throws -> Void)?
    private var handle: UnsafeMutableRawPointer?
    private var streaming: Bool?
    /// At most this much of a body that is not streamed is kept (error pages).
    private static let keptLimit = 1 << 20

    func reset(handle: UnsafeMutableRawPointer, onLine: ((ArraySlice<UInt8>) throws -> Void)?) {
        body.removeAll(keepingCapacity: true)
        self.handle = handle
        self.onLine = onLine
        streaming = nil
        failure = nil
        status = 0
    }

    /// Takes one piece of the body; `false` aborts the transfer.
    func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if streaming == nil {
            var code = 0
            if let handle { _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code) }
            status = code
            streaming = onLine != nil && code == 200
        }
        guard streaming == true, let onLine else {
            if body.count < Self.keptLimit { body.append(contentsOf: bytes.prefix(Self.keptLimit - body.count)) }
            return true
        }
        body.append(contentsOf: bytes)
        var start = body.startIndex
        do {
            while let newline = body[start...].firstIndex(of: UInt8(ascii: "\n")) {
                try onLine(body[start..<newline])
                start = newline + 1
            }
        } catch {
            failure = error
            return false
        }
        body.removeSubrange(..<start)
        return true
    }

    /// Hands over a last line that had no newline, and learns the status of a response without a body.
    func finish() throws {
        if streaming == nil, let handle {
            var code = 0
            _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
            status = code
        }
        guard streaming == true, let onLine else { return }
        if !body.isEmpty { try onLine(body[...]) }
        body.removeAll()
    }
}
