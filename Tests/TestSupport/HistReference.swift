// Test support: hist and uhi from PyPI (in .venv, scripts/install-test-deps.sh) as the reference for
// histograms — `uhi validate` on every file written, and scripts/hist-reference.py to fill histograms
// with hist, compare two files as hist reads them, or read a file with hist and write it back.

import Foundation

/// The Python histogram reference, when the venv has it.
public enum HistReference {
    /// `.venv/bin/python` when it imports hist and uhi's schema validator, else `nil`.
    public static let python: String? = TestPaths.python(importing: "hist, uhi.schema, fastjsonschema")

    /// Whether the reference is installed; tests that need it use `.enabled(if: HistReference.isAvailable)`.
    public static var isAvailable: Bool { python != nil }

    /// Runs `scripts/hist-reference.py` with `arguments` (fill / compare / roundtrip).
    public static func run(_ arguments: [String]) throws -> CommandResult {
        try CommandResult.run(python ?? "python3", [TestPaths.repositoryFile("scripts/hist-reference.py")] + arguments)
    }

    /// Runs `uhi validate` on `files`.
    public static func validate(_ files: [String]) throws -> CommandResult {
        try CommandResult.run(TestPaths.repositoryFile(".venv/bin/uhi"), ["validate"] + files)
    }
}
