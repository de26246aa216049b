// Babysitter tests: check-jobs killed and restarted. The persisted state survives a new process, the
// submissions a killed session left in flight are reconciled, and a resubmission-heavy run killed with
// SIGKILL at random moments submits each failure exactly once.

import Babysitter
import Foundation
import Jobs
import TestSupport
import Testing

@Suite struct BabysitterRestartTests {
    let fixture: JobsFolderFixture

    init() throws {
        fixture = try JobsFolderFixture(delay: 0.2)
    }

    func babysitter() throws -> Babysitter {
        try Babysitter(request: fixture.request()) { _ in }
    }

    @Test func attemptCountsSurviveARestart() throws {
        fixture.setFlag(2, .failed)
        _ = try babysitter().poll()
        fixture.setFlag(2, .failed)
        let report = try babysitter().poll()
        #expect(report.attempts[2] == 2)
        #expect(fixture.submissions == [2, 2])
    }

    @Test func anIntentWithoutASubmissionIsSubmittedOnRestart() throws {
        fixture.setFlag(1, .failed)
        var state = BabysitterState()
        state.inFlight[1] = .init(attempt: 1, knownClusters: [])
        try state.save(in: fixture.folder.path)
        let report = try babysitter().poll()
        #expect(fixture.submissions == [1])
        #expect(report.attempts[1] == 1)
        #expect(fixture.flags(1) == [.idle])
    }

    @Test func aSubmissionWhoseFlagWasNotResetIsNotSubmittedAgain() throws {
        fixture.setFlag(3, .failed)
        var state = BabysitterState()
        state.inFlight[3] = .init(attempt: 1, knownClusters: [])
        try state.save(in: fixture.folder.path)
        TestPaths.write(
            "000 (555.000.000) 2026-11-29 06:00:00 Job submitted from host: <h>\n...\n", to: "job_555.3.log",
            in: fixture.folder.logs)
        let report = try babysitter().poll()
        #expect(fixture.submissions.isEmpty)
        #expect(fixture.flags(3) == [.idle])
        #expect(report.attempts[3] == 1)
        #expect(try BabysitterState.load(from: fixture.folder.path).inFlight.isEmpty)
    }

    @Test(.timeLimit(.minutes(2)))
    func killedAtRandomMomentsSubmitsEachFailureOnce() throws {
        let maxResubmit = 3
        var failures = [Int](repeating: 1, count: 4)
        for index in 0..<4 { fixture.setFlag(index, .failed) }
        let environment = ["PATH": fixture.scratch + "/bin:/usr/bin:/bin", "HOME": fixture.scratch]
        let arguments = [
            "check-jobs", "-j", fixture.folder.path, "--resubmit", "-m", String(maxResubmit), "-i", "0.05",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<12 {
            let session = try BoundedProcess(arguments, environment: environment, outputIn: fixture.scratch)
            Thread.sleep(forTimeInterval: Double.random(in: 0.02...0.6, using: &generator))
            session.stop(SIGKILL)
            Thread.sleep(forTimeInterval: 0.4)
            for index in 0..<4 where fixture.flags(index) == [.idle] && Bool.random(using: &generator) {
                let cluster = try latestCluster(of: index)
                fixture.writeError("Traceback\nRuntimeError: again", index: index, cluster: cluster)
                fixture.setFlag(index, .failed)
                failures[index] += 1
            }
        }
        let last = try BoundedProcess(arguments, environment: environment, outputIn: fixture.scratch)
        Thread.sleep(forTimeInterval: 2)
        last.stop(SIGINT)
        let submitted = fixture.submissions
        for index in 0..<4 {
            #expect(submitted.filter { $0 == index }.count == min(failures[index], maxResubmit), "job_\(index)")
        }
        let state = try BabysitterState.load(from: fixture.folder.path)
        #expect(state.inFlight.isEmpty)
        #expect(state.givenUp == Set((0..<4).filter { failures[$0] > maxResubmit }))
    }

    /// The newest cluster the stand-in gave job `index`.
    func latestCluster(of index: Int) throws -> Int {
        let text = try String(contentsOfFile: fixture.submissionsFile, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line -> Int? in
            let parts = line.split(separator: " ")
            return parts.count == 2 && Int(parts[0]) == index ? Int(parts[1]) : nil
        }.max() ?? 0
    }
}
