// Test support: the real XRootD server of scripts/xrootd-server.sh (root:// and XrdHttp on 127.0.0.1),
// started in a scratch folder by the tests that use it and stopped by PID afterwards — or by the
// script's watchdog when the test process dies first.

import Foundation

/// A running server, its ports, and the folder whose files it serves as /store/test/*.
public struct XRootDTestServer: Sendable {
    /// The server's state folder (config, export tree, logs, ports.env, and the served files in `data/`).
    public var state: String
    public var rootPort: Int
    public var httpPort: Int

    /// Why the server is not there.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `root://127.0.0.1:PORT//store/…` for `path` (`/store/…`).
    public func rootURL(_ path: String) -> String { "root://127.0.0.1:\(rootPort)/\(path)" }

    /// `http://127.0.0.1:PORT/store/…` for `path` (`/store/…`).
    public func httpURL(_ path: String) -> String { "http://127.0.0.1:\(httpPort)\(path)" }

    /// Starts a server in a scratch folder, serving `files` (by path under /store/test, subfolders
    /// allowed) and copies of the files at `paths` (by their names).
    public static func start(files: [String: [UInt8]], copying paths: [String] = []) -> Result<
        XRootDTestServer, Failure
    > {
        start { data in
            for (name, bytes) in files {
                let file = data + "/" + name
                try? FileManager.default.createDirectory(
                    atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
            }
            for path in paths {
                try? FileManager.default.copyItem(
                    atPath: path, toPath: data + "/" + (path as NSString).lastPathComponent)
            }
        }
    }

    /// Starts a server in a scratch folder whose served tree (/store/test) `fill` writes into the
    /// folder it is given.
    public static func start(filling fill: (String) -> Void) -> Result<XRootDTestServer, Failure> {
        guard FileManager.default.fileExists(atPath: "/usr/bin/xrootd") else {
            return .failure(Failure(description: "/usr/bin/xrootd is missing; run scripts/install-system-deps.sh"))
        }
        // Not in the scratch root: xrootd's socket paths must stay short. stop(), or the script's watchdog when
        // this process ends first, removes the folder.
        let state = NSTemporaryDirectory() + "pc-xrd-" + UUID().uuidString.prefix(8)
        let data = state + "/data"
        try? FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        fill(data)
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
    public func stop() {
        _ = try? CommandResult.run(TestPaths.repositoryFile("scripts/xrootd-server.sh"), ["stop", "--state", state])
        try? FileManager.default.removeItem(atPath: state)
    }
}
