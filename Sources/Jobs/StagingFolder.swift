// Jobs layer: a jobs folder is built in a hidden sibling folder and renamed into place at the end, so a
// failed or killed compilation leaves nothing half-written under the real name. Files inside the staging
// folder need no atomic writes of their own: the folder rename is the atomic step.

import Foundation

/// A folder being built, renamed into place by ``commit()``.
struct StagingFolder {
    /// The temporary folder files are written into.
    let path: String
    /// Where the folder goes when it is complete.
    let destination: String

    /// Creates the staging folder next to `destination`.
    init(destination: String) throws(JobsError) {
        self.destination = destination
        let parent = (destination as NSString).deletingLastPathComponent
        let name = (destination as NSString).lastPathComponent
        path = parent + "/.\(name).staging-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        } catch {
            throw JobsError("cannot create \(path): \(error.localizedDescription)")
        }
    }

    /// Writes `text` to `relative` inside the staging folder.
    func write(_ text: String, to relative: String, permissions: Int = 0o644) throws(JobsError) {
        let file = path + "/" + relative
        guard
            FileManager.default.createFile(
                atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: permissions])
        else { throw JobsError("cannot write \(file)") }
    }

    /// Creates the folder `relative` inside the staging folder.
    func makeFolder(_ relative: String) throws(JobsError) {
        do {
            try FileManager.default.createDirectory(atPath: path + "/" + relative, withIntermediateDirectories: true)
        } catch {
            throw JobsError("cannot create \(path)/\(relative): \(error.localizedDescription)")
        }
    }

    /// Copies the file at `source` to `relative`, keeping its permissions.
    func copy(_ source: String, to relative: String) throws(JobsError) {
        do {
            try FileManager.default.copyItem(atPath: source, toPath: path + "/" + relative)
        } catch {
            throw JobsError("cannot copy \(source) into the jobs folder: \(error.localizedDescription)")
        }
    }

    /// Renames the staging folder to its destination; fails if the destination appeared meanwhile.
    func commit() throws(JobsError) {
        guard rename(path, destination) == 0 else {
            let reason = String(cString: strerror(errno))
            discard()
            throw JobsError("cannot move the jobs folder into place at \(destination): \(reason)")
        }
    }

    /// Removes the staging folder.
    func discard() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
