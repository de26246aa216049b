// Grid layer: every way a Rucio request can fail, as one error that says what failed, where, and what
// to do. Messages carry the server's own ExceptionClass/ExceptionMessage, never a token or a password.

/// A failed Rucio request or a Rucio configuration problem.
public struct RucioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable {
        /// The configuration is incomplete or contradictory (no server, no credentials).
        case configuration
        /// No connection to the server could be made.
        case unreachable
        /// The server did not answer in time.
        case timeout
        /// TLS failed: server certificate, CA folder or file, client certificate.
        case tls
        /// 401: the credentials or the token were refused.
        case unauthorized
        /// 403: the account may not do this.
        case forbidden
        /// 404: the DID (or another object) does not exist.
        case notFound
        /// Another 4xx: the request was refused as malformed or unsupported.
        case badRequest
        /// 5xx: the server failed.
        case serverError
        /// The answer could not be understood.
        case malformedReply
    }

    /// The kind of failure.
    public var code: Code
    /// The request (`POST https://host/replicas/list`) or the configuration file concerned.
    public var location: String
    /// What happened, with the server's exception class and message when it sent them.
    public var message: String
    /// What the user can do.
    public var fix: String?
    /// The HTTP status, when the server answered.
    public var status: Int?

    public init(_ code: Code, location: String, _ message: String, fix: String? = nil, status: Int? = nil) {
        self.code = code
        self.location = location
        self.message = message
        self.fix = fix
        self.status = status
    }

    public var description: String {
        "Rucio: \(location): \(message)" + (fix.map { "; \($0)" } ?? "")
    }
}
