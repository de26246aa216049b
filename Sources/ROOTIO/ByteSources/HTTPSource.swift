// ROOTIO byte sources: a file on an HTTP(S) server, read with Range requests through libcurl.

import CCurl

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file on an HTTP(S) server.
///
/// Opening asks for its first byte (which gives the size, or the server's error page); reads are `Range`
/// requests on one reused connection, and vectored reads ask for up to ``rangesPerRequest`` ranges at once
/// (`multipart/byteranges`).
///
/// TLS trusts the system's CA store, or `X509_CERT_DIR` (a CA folder) and `CURL_CA_BUNDLE` (a CA file) when set.
public final class HTTPSource: ByteSource {
    public let url: String
    private let handle: UnsafeMutableRawPointer
    private let sink = ResponseSink()
    private let errorText: UnsafeMutablePointer<CChar>
    private let attempts: Int
    private var fileSize: Int64 = 0

    /// The most ranges asked for in one request.
    static let rangesPerRequest = 64
    /// Bytes accepted beyond what a request asks for: error pages and multipart headers.
    private static let slack = 65536

    /// Opens `url` (`http://…` or `https://…`) and learns the file's size.
    ///
    /// - Throws: `.notFound` (HTTP 404/410), `.permissionDenied` (401/403), `.connection` with curl's message
    ///   (`Failed to connect to host port 8443 after 0 ms: Couldn't connect to server`), `.timeout` or `.io`.
    ///   HTTP errors carry the status and the server's text: `HTTP 404: Unable to open /store/x.root; …`.
    ///   `.io` also when libcurl cannot be loaded (it is loaded on the first HTTP request, see ccurl.h).
    public init(url: String, options: ByteSourceOptions = ByteSourceOptions()) throws(ByteSourceError) {
        if let problem = ccurl_load() { throw ByteSourceError(.io, url: url, message: String(cString: problem)) }
        guard let handle = ccurl_easy_init() else {
            throw ByteSourceError(.io, url: url, message: "libcurl could not create a request handle")
        }
        self.url = url
        self.handle = handle
        errorText = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorText.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        attempts = max(1, options.connectionAttempts)
        configure(options)
        fileSize = try probeSize()
    }

    deinit {
        ccurl_easy_cleanup(handle)
        errorText.deallocate()
    }

    public var isRemote: Bool { true }

    public func size() throws(ByteSourceError) -> Int64 { fileSize }

    public func read(_ range: ByteRange) throws(ByteSourceError) -> [UInt8] {
        guard range.count > 0 else { return [] }
        try checkInFile(range)
        let response = try request(ranges: [range], limit: range.count + Self.slack)
        try response.check(url: url)
        guard let bytes = received(response)?.bytes(for: range) else {
            throw ByteSourceError(
                .io, url: url,
                message: "the server answered Range: bytes=\(Self.rangeText(range)) with HTTP \(response.status) "
                    + "but without those bytes")
        }
        return bytes
    }

    public func read(_ ranges: [ByteRange]) throws(ByteSourceError) -> [[UInt8]] {
        for range in ranges where range.count > 0 { try checkInFile(range) }
        var chunks = ranges.map { $0.count > 0 ? nil : [UInt8]() }
        let wanted = ranges.indices.filter { ranges[$0].count > 0 }
        for start in stride(from: 0, to: wanted.count, by: Self.rangesPerRequest) {
            let batch = wanted[start..<min(wanted.count, start + Self.rangesPerRequest)]
            if batch.count > 1 {
                let limit = batch.reduce(Self.slack) { $0 + ranges[$1].count + 256 }
                let response = try request(ranges: batch.map { ranges[$0] }, limit: limit)
                if response.status == 206 || response.status == 200, let parts = received(response) {
                    for index in batch { chunks[index] = parts.bytes(for: ranges[index]) }
                }
            }
            for index in batch where chunks[index] == nil { chunks[index] = try read(ranges[index]) }
        }
        return chunks.map { $0 ?? [] }
    }

    // MARK: - Requests

    private func configure(_ options: ByteSourceOptions) {
        setLong(CURLOPT_NOSIGNAL, 1)
        setLong(CURLOPT_FOLLOWLOCATION, 1)
        setLong(CURLOPT_MAXREDIRS, 10)
        setLong(CURLOPT_CONNECTTIMEOUT, max(1, options.connectTimeout))
        setLong(CURLOPT_TIMEOUT, max(1, options.requestTimeout))
        _ = ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorText)
        setString(CURLOPT_URL, url)
        setString(CURLOPT_USERAGENT, "pocket-coffea")
        if let folder = getenv("X509_CERT_DIR") { _ = ccurl_setopt_pointer(handle, CURLOPT_CAPATH, folder) }
        if let bundle = getenv("CURL_CA_BUNDLE") { _ = ccurl_setopt_pointer(handle, CURLOPT_CAINFO, bundle) }
        _ = ccurl_setopt_write_function(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            guard let data, let context else { return 0 }
            let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
            return sink.append(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
        }
        _ = ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(sink).toOpaque())
    }

    /// The size from the answer to `Range: bytes=0-0` (`Content-Range: bytes 0-0/SIZE`).
    private func probeSize() throws(ByteSourceError) -> Int64 {
        let response = try request(ranges: [ByteRange(offset: 0, count: 1)], limit: Self.slack)
        if response.status == 416, let range = response.contentRange, range.total == 0 { return 0 }
        try response.check(url: url)
        if response.status == 200 { return Int64(response.body.count) }
        guard let total = response.contentRange?.total else {
            throw ByteSourceError(
                .io, url: url, message: "the server sent no file size (Content-Range: bytes 0-0/SIZE) for bytes 0-0")
        }
        return total
    }

    /// One GET for `ranges`, tried up to `attempts` times while no connection can be made.
    private func request(ranges: [ByteRange], limit: Int) throws(ByteSourceError) -> HTTPResponse {
        let header = ranges.map(Self.rangeText).joined(separator: ",")
        var attempt = 1
        while true {
            sink.reset(limit: limit)
            errorText[0] = 0
            setString(CURLOPT_RANGE, header)
            let code = ccurl_easy_perform(handle)
            if code == CURLE_OK { return response() }
            if code == CURLE_WRITE_ERROR, sink.overflowed {
                let status = response().status
                let reason =
                    status == 200
                    ? "the server ignores Range requests (HTTP 200 for Range: bytes=\(header))"
                    : "the server sent more than \(limit) bytes for Range: bytes=\(header) (HTTP \(status))"
                throw ByteSourceError(.io, url: url, message: reason)
            }
            let kind = Self.kind(of: code)
            guard kind == .connection, attempt < attempts else {
                let detail = String(cString: errorText)
                throw ByteSourceError(
                    kind, url: url, message: detail.isEmpty ? String(cString: ccurl_easy_strerror(code)) : detail)
            }
            attempt += 1
            sleep(1)
        }
    }

    private func response() -> HTTPResponse {
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var contentType: UnsafeMutablePointer<CChar>?
        _ = ccurl_getinfo_string(handle, CURLINFO_CONTENT_TYPE, &contentType)
        var header: UnsafeMutablePointer<curl_header>?
        var contentRange: ContentRange?
        if ccurl_easy_header(handle, "Content-Range", 0, UInt32(CURLH_HEADER), -1, &header) == CURLHE_OK,
            let value = header?.pointee.value
        {
            contentRange = ContentRange(String(cString: value))
        }
        return HTTPResponse(
            status: status, body: sink.body, contentType: contentType.map { String(cString: $0) },
            contentRange: contentRange)
    }

    /// The parts of a successful response: a multipart body, one Content-Range part, or the whole file.
    private func received(_ response: HTTPResponse) -> HTTPByteRanges? {
        if response.status == 200 {
            guard Int64(response.body.count) == fileSize else { return nil }
            return HTTPByteRanges(offset: 0, bytes: response.body[...])
        }
        guard response.status == 206 else { return nil }
        if let boundary = response.contentType.flatMap(HTTPByteRanges.boundary(ofContentType:)) {
            return HTTPByteRanges(multipart: response.body, boundary: boundary)
        }
        guard let first = response.contentRange?.first else { return nil }
        return HTTPByteRanges(offset: first, bytes: response.body[...])
    }

    private func checkInFile(_ range: ByteRange) throws(ByteSourceError) {
        guard range.offset < 0 || range.end > fileSize else { return }
        let got = max(0, min(Int64(range.count), fileSize - range.offset))
        throw ByteSourceError(
            .shortRead, url: url,
            message: "short read: asked for \(range.count) bytes at offset \(range.offset), got \(got); "
                + "the file has \(fileSize) bytes")
    }

    private func setLong(_ option: CURLoption, _ value: Int) { _ = ccurl_setopt_long(handle, option, value) }

    /// libcurl copies string options, so the C string need only live for the call.
    private func setString(_ option: CURLoption, _ value: String) {
        _ = value.withCString { ccurl_setopt_pointer(handle, option, $0) }
    }

    private static func rangeText(_ range: ByteRange) -> String { "\(range.offset)-\(range.end - 1)" }

    private static func kind(of code: CURLcode) -> ByteSourceError.Kind {
        switch code {
        case CURLE_OPERATION_TIMEDOUT: .timeout
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_SSL_CONNECT_ERROR,
            CURLE_PEER_FAILED_VERIFICATION, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING:
            .connection
        default: .io
        }
    }
}

/// What one request brought back.
private struct HTTPResponse {
    var status: Int
    var body: [UInt8]
    var contentType: String?
    var contentRange: ContentRange?

    /// Throws for an HTTP error status, with the status and the server's text.
    func check(url: String) throws(ByteSourceError) {
        guard status >= 400 else { return }
        let kind: ByteSourceError.Kind =
            switch status {
            case 404, 410: .notFound
            case 401, 403: .permissionDenied
            case 408, 504: .timeout
            case 416: .shortRead
            default: .io
            }
        let text = String(decoding: body.prefix(2048), as: UTF8.self)
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters() }.filter { !$0.isEmpty }
            .joined(separator: " ")
        throw ByteSourceError(kind, url: url, message: text.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(text)")
    }
}

/// Collects a response body, up to a limit, for the write callback.
private final class ResponseSink {
    private(set) var body: [UInt8] = []
    private(set) var overflowed = false
    private var limit = 0

    func reset(limit: Int) {
        body.removeAll(keepingCapacity: true)
        self.limit = limit
        overflowed = false
    }

    /// Appends `bytes`, or refuses them (and aborts the transfer) when they would pass the limit.
    func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= limit else {
            overflowed = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
