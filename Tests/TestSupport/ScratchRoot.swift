// Test support: the one folder that holds every scratch folder of a test process, so none outlives it.

import Foundation

/// `$TMPDIR/pocket-coffea-tests-<pid>`: created on first use, removed when the test process exits.
///
/// Tests write jobs folders, ROOT files and servers' state by the hundred; without this, every run of the
/// suite left gigabytes behind. A process killed before exiting leaves its root, so the first use also removes
/// the roots of processes that are no longer running.
enum ScratchRoot {
    static let prefix = "pocket-coffea-tests-"

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
