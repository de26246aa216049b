// Test support: where the repository, the shared test data and the built binary are, and scratch folders.

import Foundation

/// Paths the test targets share.
public enum TestPaths {
    /// The repository root (the folder holding Package.swift).
    public static let repository: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `../shared/testdata` beside the repository, or `nil` when it is absent (a user's fresh clone).
    public static let sharedTestData: URL? = {
        let url = repository.deletingLastPathComponent().appendingPathComponent("shared/testdata")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    /// Whether ../shared/testdata exists; tests that need it use `.enabled(if: TestPaths.hasSharedTestData)`.
    public static var hasSharedTestData: Bool { sharedTestData != nil }

    /// A file under ../shared/testdata (only call when ``hasSharedTestData``).
    public static func shared(_ relative: String) -> String {
        (sharedTestData ?? repository).appendingPathComponent(relative).path
    }

    /// A file of the repository.
    public static func repositoryFile(_ relative: String) -> String {
        repository.appendingPathComponent(relative).path
    }

    /// The `pocket-coffea` binary built next to the running test bundle.
    public static var binary: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundle, bundle.deletingLastPathComponent()].map {
            $0.appendingPathComponent("pocket-coffea").path
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    /// A new empty folder inside this test process's ``ScratchRoot``, which is removed when the process exits.
    public static func scratchFolder(_ name: String = "test") -> String {
        let path = ScratchRoot.path + "/pocket-coffea-\(name)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` to `folder/name` and returns the path.
    @discardableResult
    public static func write(_ text: String, to name: String, in folder: String) -> String {
        let path = folder + "/" + name
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }
}

extension TestPaths {
    /// The project's Python venv (`make test` creates it) when it has the HTCondor bindings.
    public static var htcondorPython: String? {
        let python = repositoryFile(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python),
            let result = try? CommandResult.run(python, ["-c", "import htcondor2"]), result.status == 0
        else { return nil }
        return python
    }
}

extension TestPaths {
    /// Writes an executable bash script `name` into `folder` (a stand-in for a grid or batch tool on PATH).
    @discardableResult
    public static func writeProgram(_ body: String, named name: String, in folder: String) -> String {
        let path = write("#!/bin/bash\n" + body + "\n", to: name, in: folder)
        _ = try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }
}

extension TestPaths {
    /// The project's Python venv (`make test` creates it) when it can import `module`.
    public static func python(importing module: String) -> String? {
        let python = repositoryFile(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python),
            let result = try? CommandResult.run(python, ["-c", "import \(module)"]), result.status == 0
        else { return nil }
        return python
    }
}
