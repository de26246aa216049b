// Test support: the one folder that holds every scratch folder of a test process, so none outlives it.

import Foundation

/// `$TMPDIR/pocket-coffea-tests-<host>-<pid>`: created on first use, removed when the test process exits.
///
/// Tests write jobs folders, ROOT files and servers' state by the hundred; without this, every run of the
/// suite left gigabytes behind. A process killed before exiting leaves its root, so the first use also removes
/// the roots of this host's processes that are no longer running. The host is in the name because a process
/// ID says nothing about another container sharing the temporary folder.
enum ScratchRoot {
    static let prefix = "pocket-coffea-tests-\(hostName)-"

    static let path: String = {
        let temporary = NSTemporaryDirectory()
        removeRootsOfEndedProcesses(in: temporary)
        let path = temporary + prefix + String(getpid())
        // Every user may enter it: the test XRootD server runs as user xrootd and serves a folder inside.
        try? FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        atexit {
            try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + ScratchRoot.prefix + String(getpid()))
        }
        return path
    }()

    /// The host name, with anything but letters, digits, dots and dashes replaced.
    private static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "host" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let kept = name.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" }
        return kept.isEmpty ? "host" : String(kept)
    }()

    private static func removeRootsOfEndedProcesses(in temporary: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid != getpid(), !isRunning(pid) else { continue }
            try? FileManager.default.removeItem(atPath: temporary + name)
        }
    }

    private static func isRunning(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
