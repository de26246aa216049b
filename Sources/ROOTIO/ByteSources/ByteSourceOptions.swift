// ROOTIO byte sources: how long remote sources wait, and how often they try to connect.

/// Timeouts and connection attempts for remote byte sources (XRootD and HTTP); local files ignore them.
public struct ByteSourceOptions: Sendable, Equatable {
    /// Seconds one request (open, stat, read) may take before it fails with `.timeout`.
    public var requestTimeout: Int
    /// Seconds one connection attempt may take (XRootD's ConnectionWindow, curl's connect timeout).
    public var connectTimeout: Int
    /// How many times to try to connect before failing with `.connection`; 1 means a single attempt
    /// (XRootD's ConnectionRetry).
    public var connectionAttempts: Int

    public init(requestTimeout: Int = 300, connectTimeout: Int = 30, connectionAttempts: Int = 3) {
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.connectionAttempts = connectionAttempts
    }
}
