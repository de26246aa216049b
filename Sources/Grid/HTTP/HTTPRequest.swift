// Grid layer: one HTTP exchange as the Rucio client sees it — what it sends, and what came back.

/// An HTTP request: method, absolute URL, headers and an optional body.
struct HTTPRequest {
    /// The request method.
    enum Method: String {
        case get = "GET"
        case post = "POST"
    }

    var method: Method
    var url: String
    var headers: [(name: String, value: String)] = []
    var body: [UInt8]?

    /// The request line for messages, without query secrets (Rucio puts none there): `POST /replicas/list`.
    var summary: String {
        let path = url.firstRange(of: "://").map { url[$0.upperBound...] }.flatMap { rest in
            rest.firstIndex(of: "/").map { String(rest[$0...]) }
        }
        return "\(method.rawValue) \(path ?? url)"
    }
}

/// What a server answered.
struct HTTPResponse {
    /// The HTTP status code.
    var status: Int
    /// Response headers that the client asked to keep, by lower-case name.
    var headers: [String: String]
    /// The body, unless it was streamed line by line to a handler (then only an error body is kept).
    var body: [UInt8]
}
