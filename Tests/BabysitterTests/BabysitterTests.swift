// Babysitter tests: polls over a compiled jobs folder — flag sets, aborts (time limit and others),
// holds, resubmission through a condor_submit stand-in, giving up, and the completion condition.

import Babysitter
import Condor
import Foundation
import Jobs
import TestSupport
import Testing

@Suite struct BabysitterTests {
    let fixture: JobsFolderFixture
    let lines = Lines()

    init() throws {
        fixture = try JobsFolderFixture()
    }

    func babysitter(_ request: BabysitterRequest? = nil) throws -> Babysitter {
        try Babysitter(request: request ?? fixture.request()) { [lines] in lines.append($0) }
    }

    @Test func countsTheFourFlagSetsWithoutAnyLogYet() throws {
        try FileManager.default.removeItem(atPath: fixture.folder.logs)
        fixture.setFlag(0, .done)
        fixture.setFlag(1, .running)
        fixture.setFlag(3, .failed)
        let report = try babysitter(fixture.request(resubmit: false)).poll()
        #expect(report.total == 4)
        let counts: [Int] = [report.count(.done), report.count(.running), report.count(.idle), report.count(.failed)]
        #expect(counts == [1, 1, 1, 1])
        #expect(report.failures[3]?.kind == .noLog)
        #expect(report.groups.map(\.name) == ["DY", "TT"])
        #expect(!report.isComplete)
    }

    /// job.sh creates the new flag before removing the old ones: a job caught holding two is where its
    /// newest flag says — a resubmitted job that starts is running, not failed (and not resubmitted again).
    @Test func aJobHoldingTwoFlagsIsInItsNewestState() throws {
        fixture.setFlag(1, .failed)
        fixture.setFlag(2, .running)
        let old = Date(timeIntervalSinceNow: -60)
        try FileManager.default.setAttributes(
            [.modificationDate: old], ofItemAtPath: fixture.folder.flagFile(1, .failed))
        _ = FileManager.default.createFile(atPath: fixture.folder.flagFile(1, .running), contents: Data())
        try FileManager.default.setAttributes(
            [.modificationDate: old], ofItemAtPath: fixture.folder.flagFile(2, .running))
        _ = FileManager.default.createFile(atPath: fixture.folder.flagFile(2, .failed), contents: Data())
        let report = try babysitter().poll()
        #expect(report.states[1] == .running)
        #expect(report.states[2] == .idle, "the failed job is resubmitted")
        #expect(fixture.submissions == [2])
    }

    @Test func aTimeLimitAbortFailsTheJobOnceAndBumpsItsQueue() throws {
        fixture.setFlag(2, .running)
        let id = CondorJobID(cluster: 42, proc: 2)
        let reason = "The job attribute PeriodicRemove expression evaluated to TRUE (SYSTEM_PERIODIC_REMOVE)"
        try fixture.appendEvents([.aborted(id, at: JobsFolderFixture.time, reason: reason)], cluster: 42)
        #expect(try fixture.flavour(2) == "\"espresso\"")
        let sitter = try babysitter(fixture.request(resubmit: false))
        let report = try sitter.poll()
        #expect(report.states[2] == .failed)
        #expect(try fixture.flavour(2) == "\"microcentury\"")
        _ = try sitter.poll()
        _ = try babysitter(fixture.request(resubmit: false)).poll()
        #expect(try fixture.flavour(2) == "\"microcentury\"")
        #expect(try String(contentsOfFile: fixture.folder.path + "/maxtime.txt", encoding: .utf8) == "42.2\n")
        #expect(lines.all.filter { $0.contains("time limit") }.count == 1)
    }

    @Test func anotherAbortFailsTheJobWithItsReasonAndHoldsAreReported() throws {
        fixture.setFlag(1, .running)
        fixture.setFlag(3, .running)
        try fixture.appendEvents(
            [
                .aborted(
                    CondorJobID(cluster: 7, proc: 1), at: JobsFolderFixture.time,
                    reason: "via condor_rm (by user alice)"),
                .held(
                    CondorJobID(cluster: 7, proc: 3), at: JobsFolderFixture.time, reason: "disk quota exceeded",
                    code: 34, subcode: 0),
            ], cluster: 7)
        let report = try babysitter(fixture.request(resubmit: false)).poll()
        #expect(report.states[1] == .failed)
        #expect(report.holds[3] == "disk quota exceeded")
        #expect(try fixture.flavour(1) == "\"espresso\"")
        #expect(lines.all.contains { $0.contains("job_1 (7.1) was aborted: via condor_rm (by user alice)") })
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.path + "/maxtime.txt"))
    }

    @Test func resubmitsAFailedJobAndSetsItIdleOnlyOnSuccess() throws {
        fixture.setFlag(0, .failed)
        fixture.writeError("Traceback\nValueError: bad", index: 0, cluster: 9)
        _ = FileManager.default.createFile(atPath: fixture.scratch + "/fail-submit", contents: nil)
        let sitter = try babysitter()
        var report = try sitter.poll()
        #expect(report.states[0] == .failed)
        #expect(fixture.submissions.isEmpty)
        #expect(lines.all.contains { $0.contains("Failed to connect to local queue manager") })
        try FileManager.default.removeItem(atPath: fixture.scratch + "/fail-submit")
        report = try sitter.poll()
        #expect(fixture.submissions == [0])
        #expect(fixture.flags(0) == [.idle])
        #expect(report.attempts[0] == 1)
        #expect(FileManager.default.fileExists(atPath: fixture.folder.processedLogs + "/job_9.0.err"))
        let state = try BabysitterState.load(from: fixture.folder.path)
        #expect(state.inFlight.isEmpty && state.attempts == [0: 1])
    }

    @Test func givesAJobUpAfterMaxResubmitAttempts() throws {
        var request = fixture.request()
        request.maxResubmit = 2
        let sitter = try babysitter(request)
        for _ in 0..<4 {
            fixture.setFlag(1, .failed)
            _ = try sitter.poll()
        }
        #expect(fixture.submissions == [1, 1])
        let report = try sitter.poll()
        #expect(report.givenUp == [1])
        #expect(lines.all.filter { $0.contains("job_1 failed after 2 resubmissions: given up") }.count == 1)
    }

    @Test func endsWhenEveryJobIsDoneOrFailed() throws {
        for index in 0..<4 { fixture.setFlag(index, index == 3 ? .failed : .done) }
        let report = try babysitter(fixture.request(resubmit: false)).run(render: { _ in })
        #expect(report.isComplete)
        #expect(
            PlainRenderer.completion(folder: fixture.folder.path) == [
                "All jobs are completed", "Now merge outputs with merge-outputs -jc \(fixture.folder.path)",
            ])
    }

    @Test func descendsIntoTheSingleJobFolder() {
        #expect(BabysitterRequest.jobsFolder(at: fixture.scratch + "/out").path == fixture.folder.path)
        #expect(BabysitterRequest.jobsFolder(at: fixture.folder.path).path == fixture.folder.path)
    }
}

/// Lines collected from a callback.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }

    var all: [String] { lock.withLock { lines } }
}
