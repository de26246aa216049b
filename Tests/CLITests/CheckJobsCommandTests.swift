import Foundation
import TestSupport
import Testing

/// `check-jobs` on the built binary: the completion message, a parent folder holding a single `job/`,
/// no crash without any log, and its errors. Every run is bounded by coreutils' `timeout`.
@Suite struct CheckJobsCommandTests {
    let parent = TestPaths.scratchFolder("check-jobs-cli")
    var folder: String { parent + "/job" }

    init() {
        TestPaths.write(
            """
            job_name: job
            jobs_list:
              job_0: {filesets: {TT_2018: {files: [a.root], metadata: {sample: TT}}}}
              job_1: {filesets: {DY_2018: {files: [b.root], metadata: {sample: DY}}}}
            """, to: "job/jobs_config.yaml", in: parent)
    }

    func checkJobs(_ arguments: [String]) throws -> CommandResult {
        try CommandResult.run(
            "/usr/bin/timeout", ["-s", "KILL", "30", TestPaths.binary, "check-jobs"] + arguments,
            environment: ["HOME": parent])
    }

    @Test func endsWithTheMergeCommandWhenEveryJobIsDoneOrFailed() throws {
        TestPaths.write("", to: "job_0.done", in: folder)
        TestPaths.write("", to: "job_1.failed", in: folder)
        let result = try checkJobs(["-j", parent, "-i", "0.1"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasSuffix(" jobs 2: 1 done, 0 running, 0 idle, 1 failed") })
        #expect(lines.contains { $0.hasSuffix(" job_1 failed: failed; no .out/.err yet") })
        #expect(lines.suffix(2) == ["All jobs are completed", "Now merge outputs with merge-outputs -jc \(folder)"])
    }

    @Test func watchesAFolderWithoutLogsUntilInterrupted() throws {
        TestPaths.write("", to: "job_0.idle", in: folder)
        TestPaths.write("", to: "job_1.running", in: folder)
        let result = try CommandResult.run(
            "/usr/bin/timeout",
            ["-k", "5", "-s", "INT", "1", TestPaths.binary, "check-jobs", "-j", folder, "-i", "0.1"],
            environment: ["HOME": parent])
        #expect(result.stdout.contains("jobs 2: 0 done, 1 running, 1 idle, 0 failed"), "\(result.stderr)")
        #expect(!result.stdout.contains("All jobs are completed"))
        #expect(result.stderr.isEmpty)
    }

    @Test func namesAFolderThatDoesNotExist() throws {
        let result = try checkJobs(["-j", parent + "/nowhere"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: \(parent)/nowhere is not a folder"))
    }

    @Test func rejectsAnUnknownGrouping() throws {
        let result = try checkJobs(["-j", parent, "--by", "site"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--by must be sample, dataset or none, not 'site'"))
    }
}
