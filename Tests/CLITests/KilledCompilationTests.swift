import Foundation
import TestSupport
import Testing

/// A compilation killed at any moment leaves no jobs folder or a complete one: the folder is built in a
/// hidden staging folder and appears under its name only by the final rename.
@Suite struct KilledCompilationTests {
    let folder = TestPaths.scratchFolder("killed")
    static let jobs = 2000

    init() {
        let files = (0..<4000).map { "\"root://host//store/f\($0).root\"" }.joined(separator: ", ")
        TestPaths.write(
            """
            {"DY_2018": {"metadata": {"sample": "DY", "year": "2018", "isMC": "True", "nevents": "4000000"},
                         "files": [\(files)]}}
            """, to: "datasets.json", in: folder)
        TestPaths.write("datasets: {jsons: [datasets.json]}\n", to: "analysis.yaml", in: folder)
    }

    @Test func aKilledCompilationLeavesNoJobsFolderOrACompleteOne() throws {
        var killedWhileStaging = 0
        for attempt in 0..<6 {
            let output = folder + "/out\(attempt)"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: TestPaths.binary)
            process.arguments = [
                "run", "--cfg", "analysis.yaml", "-o", output, "-e", "condor@lxplus", "-s", String(Self.jobs),
                "--dry-run", "--ignore-grid-certificate=true",
            ]
            process.currentDirectoryURL = URL(fileURLWithPath: folder)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait for the staging folder, then let it fill for a while that grows with each attempt.
            let deadline = Date().addingTimeInterval(20)
            while process.isRunning, Date() < deadline, staging(in: output).isEmpty { usleep(200) }
            usleep(useconds_t(attempt * 15_000))
            let wasStaging = process.isRunning && !staging(in: output).isEmpty
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let jobs = output + "/job"
            if FileManager.default.fileExists(atPath: jobs) {
                let names = Set(try FileManager.default.contentsOfDirectory(atPath: jobs))
                for index in 0..<Self.jobs {
                    for name in ["config_job_\(index).json", "job_\(index).sub", "job_\(index).idle"] {
                        #expect(names.contains(name), "attempt \(attempt): \(name) missing from a jobs folder")
                    }
                }
                let index = try String(contentsOfFile: jobs + "/jobs_config.yaml", encoding: .utf8)
                #expect(index.hasSuffix("}\n"), "attempt \(attempt): jobs_config.yaml is complete")
            } else if wasStaging {
                killedWhileStaging += 1
            }
        }
        // Not a guarantee on a fast machine, but the first attempts kill it while it writes.
        #expect(killedWhileStaging > 0, "no attempt killed the compilation while it was writing")
    }

    private func staging(in output: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []).filter { $0.hasPrefix(".job.staging-") }
    }
}
