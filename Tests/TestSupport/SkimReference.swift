// Test support: the independent side of skim tests — NanoAOD-like inputs written by uproot, and
// scripts/reference/compare_skim.py, which checks skimmed files against their inputs with uproot.

import Foundation

/// Generated inputs and uproot's verdict on skimmed files.
public enum SkimReference {
    /// What compare_skim.py found.
    public struct Report: Decodable, Sendable {
        public var inputEvents: Int
        public var expectedEvents: Int
        public var skimmedEvents: Int
        public var branchesCompared: Int
        /// Input branches absent from the skim.
        public var missing: [String]
        /// Branches whose values differ.
        public var different: [String]
        /// Branches whose title or type differ.
        public var titlesDiffer: [String]
        /// Whether the skims' Runs trees equal the inputs' (nil when the inputs have none).
        public var runsEqual: Bool?
    }

    /// A NanoAOD-like zlib-1 file of `events` events (scripts/bench/make_nanoaod_like.py) in `folder`.
    public static func generated(events: Int, seed: Int, in folder: String) throws -> String {
        let path = folder + "/nano_\(events)_\(seed).root"
        let python = try requirePython()
        let result = try CommandResult.run(
            python,
            [TestPaths.repositoryFile("scripts/bench/make_nanoaod_like.py"), path, "zlib:1", "\(events)", "\(seed)"])
        guard result.status == 0 else { throw ReferenceFailure(message: "make_nanoaod_like.py: \(result.stderr)") }
        return path
    }

    /// Compares `skimmed` (in order) with the events of `inputs` that pass `cut` (a Python expression
    /// over `t`, the inputs' branches; `"True"` for all).
    public static func compare(cut: String, skimmed: [String], inputs: [String]) throws -> Report {
        let python = try requirePython()
        let list = TestPaths.write(
            String(decoding: try JSONSerialization.data(withJSONObject: skimmed), as: UTF8.self), to: "skimmed.json",
            in: TestPaths.scratchFolder("compare-skim"))
        let result = try CommandResult.run(
            python, [TestPaths.repositoryFile("scripts/reference/compare_skim.py"), cut, list] + inputs)
        guard result.status == 0 else { throw ReferenceFailure(message: "compare_skim.py: \(result.stderr)") }
        return try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
    }

    private static func requirePython() throws -> String {
        guard let python = TestPaths.python(importing: "uproot") else {
            throw ReferenceFailure(message: "needs .venv with uproot (make test creates it)")
        }
        return python
    }

    /// The reference could not run.
    public struct ReferenceFailure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
