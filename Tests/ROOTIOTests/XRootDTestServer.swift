// ROOTIO tests: the real XRootD server of scripts/xrootd-server.sh (root:// and XrdHttp on 127.0.0.1), started
// in a scratch folder for the suites that use it and stopped by PID afterwards — or by the script's watchdog
// when the test process dies first.

import Foundation
import TestSupport
import Testing

/// A running server, its ports, and the folder whose files it serves as /store/test/*.
struct XRootDTestServer: Sendable {
    /// The server's state folder (config, export tree, logs, ports.env, and the served files in `data/`).
    var state: String
    var rootPort: Int
    var httpPort: Int

    /// The server for the running suite, or why there is none.
    @TaskLocal static var current: Result<XRootDTestServer, Failure>?

    /// Why the server is not there.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `root://127.0.0.1:PORT//store/…` for `path` (`/store/…`).
    func rootURL(_ path: String) -> String { "root://127.0.0.1:\(rootPort)/\(path)" }

    /// `http://127.0.0.1:PORT/store/…` for `path` (`/store/…`).
    func httpURL(_ path: String) -> String { "http://127.0.0.1:\(httpPort)\(path)" }

    /// The running suite's server; cancels the calling test (reported as skipped) when it could not start.
    static func require() throws -> XRootDTestServer {
        switch current {
        case .success(let server): return server
        case .failure(let failure): try Test.cancel("XRootD server unavailable: \(failure)")
        case nil: try Test.cancel("XRootD server unavailable: the suite lacks the .xrootdServer trait")
        }
    }

    /// Starts a server in a scratch folder, serving `files` and copies of the files at `paths`.
    static func start(files: [String: [UInt8]], copying paths: [String]) -> Result<XRootDTestServer, Failure> {
        guard FileManager.default.fileExists(atPath: "/usr/bin/xrootd") else {
            return .failure(Failure(description: "/usr/bin/xrootd is missing; run scripts/install-system-deps.sh"))
        }
        let state = TestPaths.scratchFolder("xrootd")
        let data = state + "/data"
        try? FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        for (name, bytes) in files {
            _ = FileManager.default.createFile(atPath: data + "/" + name, contents: Data(bytes))
        }
        for path in paths {
            try? FileManager.default.copyItem(atPath: path, toPath: data + "/" + (path as NSString).lastPathComponent)
        }
        let result = Result { () throws(Failure) in try launch(state: state, data: data) }
        if case .failure = result { try? FileManager.default.removeItem(atPath: state) }
        return result
    }

    private static func launch(state: String, data: String) throws(Failure) -> XRootDTestServer {
        let script = TestPaths.repositoryFile("scripts/xrootd-server.sh")
        let arguments = ["start", "--state", state, "--data", data, "--owner", String(getpid())]
        guard let result = try? CommandResult.run(script, arguments) else {
            throw Failure(description: "\(script) could not be run")
        }
        guard result.status == 0 else {
            throw Failure(description: "\(script) start exited \(result.status): \(result.stderr)")
        }
        let ports = (try? String(contentsOfFile: state + "/ports.env", encoding: .utf8)) ?? ""
        var values: [String: Int] = [:]
        for line in ports.split(separator: "\n") {
            let field = line.split(separator: "=", maxSplits: 1)
            if field.count == 2 { values[String(field[0])] = Int(field[1]) }
        }
        guard let rootPort = values["ROOT_PORT"], let httpPort = values["HTTP_PORT"] else {
            throw Failure(description: "\(state)/ports.env lacks ROOT_PORT or HTTP_PORT: \(ports)")
        }
        return XRootDTestServer(state: state, rootPort: rootPort, httpPort: httpPort)
    }

    /// Stops the server and removes its folders.
    func stop() {
        _ = try? CommandResult.run(TestPaths.repositoryFile("scripts/xrootd-server.sh"), ["stop", "--state", state])
        try? FileManager.default.removeItem(atPath: state)
    }
}

/// Runs a suite with a fresh XRootD server serving ``RemoteFiles``.
struct XRootDServerScope: SuiteTrait, TestScoping {
    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let server = XRootDTestServer.start(files: RemoteFiles.generated, copying: RemoteFiles.shared)
        defer { try? server.get().stop() }
        try await XRootDTestServer.$current.withValue(server) { try await function() }
    }
}

extension Trait where Self == XRootDServerScope {
    /// Starts a real XRootD server for the suite (see ``XRootDTestServer``).
    static var xrootdServer: Self { Self() }
}

/// The files the test server serves under /store/test.
enum RemoteFiles {
    /// A 5 MB file of pseudo-random bytes: larger than one kXR_readv chunk (2097136 bytes).
    static let random: [UInt8] = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<5_000_000).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }()

    static let generated = ["random.bin": random]

    /// A real NanoAOD file from ../shared/testdata, when present.
    static let shared: [String] = TestPaths.hasSharedTestData ? [TestPaths.shared("root/nano_dy.root")] : []
}
