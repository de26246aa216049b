// Test helper: HTCondor's own user-log reader (PyPI htcondor, htcondor2.JobEventLog) through
// scripts/dump-user-log.py, to compare our parser with.

import Foundation
import TestSupport

enum ReferenceUserLogReader {
    /// The project's venv Python when it has the HTCondor bindings.
    static var python: String? { TestPaths.htcondorPython }

    /// The events HTCondor reads in each of `paths`, as attribute dictionaries with a `type` key.
    static func events(in paths: [String]) throws -> [String: [[String: Any]]] {
        guard let python else { return [:] }
        let result = try CommandResult.run(python, [TestPaths.repositoryFile("scripts/dump-user-log.py")] + paths)
        guard result.status == 0 else { throw ReferenceFailure(message: result.stderr) }
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return json as? [String: [[String: Any]]] ?? [:]
    }

    struct ReferenceFailure: Error {
        var message: String
    }
}
