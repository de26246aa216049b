import Condor
import Foundation
import TestSupport
import Testing

@Suite struct UserLogEventTests {
    static let time = UserLogTimestamp(style: .isoDate, year: 2025, month: 3, day: 4, hour: 5, minute: 6, second: 7)
    static let job = CondorJobID(cluster: 1234, proc: 5)

    func event(_ text: String) throws -> UserLogEvent {
        try #require(UserLogParser.events(in: text).events.first)
    }

    @Test(arguments: [
        (
            "The system macro SYSTEM_PERIODIC_REMOVE expression '(JobStatus == 2) && (time() - EnteredCurrentStatus > MaxRuntime)' evaluated to TRUE",
            true, nil as String?
        ),
        ("Job removed by SYSTEM_PERIODIC_REMOVE due to wall time exceeded allowed max.", true, nil),
        ("via condor_rm (by user alice)", false, "alice"),
        ("The job attribute PeriodicRemove expression 'NumJobStarts > 3' evaluated to TRUE", false, nil),
    ])
    func abortReasons(reason: String, periodic: Bool, user: String?) throws {
        let abort = try #require(
            try event("009 (1234.005.000) 01/15 12:00:00 Job was aborted.\n\t\(reason)  \n...\n").abort)
        #expect(abort.reason == reason)
        #expect(abort.isSystemPeriodicRemove == periodic)
        #expect(abort.removedByUser == user)
    }

    @Test func abnormalTerminationWithACoreFile() throws {
        let terminated = try event(
            "005 (1.0.0) 01/15 12:00:00 Job terminated.\n\t(0) Abnormal termination (signal 9)\n\t(1) Corefile in: /tmp/core.1\n...\n"
        )
        #expect(terminated.termination == .killed(signal: 9, coreFile: "/tmp/core.1"))
    }

    @Test func evictionWithReasonAndCodes() throws {
        let evicted = try event(
            """
            004 (1.0.0) 01/15 12:00:00 Job was evicted. Code 21 Subcode 102
            \t(0) CPU times
            \t\tUsr 0 00:00:00, Sys 0 00:00:00  -  Run Remote Usage
            \t\tUsr 0 00:00:00, Sys 0 00:00:00  -  Run Local Usage
            \t0  -  Run Bytes Sent By Job
            \t0  -  Run Bytes Received By Job
            \tReason: The startd was shut down
            ...

            """)
        #expect(
            evicted.eviction
                == UserLogEvent.Eviction(
                    checkpointed: false, requeued: false, termination: nil, reason: "The startd was shut down"))
        #expect(evicted.termination == nil)
    }

    @Test func heldWithAMultiLineReason() throws {
        let held = try event("012 (1.0.0) 01/15 12:00:00 Job was held.\n\tfirst\n\tsecond\n\tCode 13 Subcode 2\n...\n")
        #expect(held.hold == UserLogEvent.Hold(reason: "first\nsecond", code: 13, subcode: 2))
    }

    @Test func viewsOfOtherKindsAreNil() throws {
        let submit = try event("000 (1.0.0) 01/15 12:00:00 Job submitted from host: <1.2.3.4:5>\n...\n")
        #expect(submit.hold == nil && submit.abort == nil && submit.termination == nil && submit.eviction == nil)
        #expect(submit.fileTransfer == nil && submit.imageSize == nil && submit.slotName == nil)
    }

    @Test func everyCodeHasItsHTCondorName() {
        #expect(UserLogEventKind.allCases.count == 48)
        #expect(UserLogEventKind.allCases.map(\.rawValue) == Array(0...47))
        #expect(UserLogEventKind.jobTerminated.description == "005 JOB_TERMINATED")
        #expect(UserLogEventKind.commonFiles.name == "COMMON_FILES")
        #expect(UserLogEventKind.fileTransfer.name == "FILE_TRANSFER")
    }

    // MARK: - Writing

    @Test func terminationIsWrittenAsHTCondorWritesIt() {
        var statistics = UserLogEvent.RunStatistics()
        statistics.runRemote = .init(user: 3723, system: 90061)
        statistics.totalRemote = statistics.runRemote
        statistics.runBytesReceived = 38416
        statistics.totalBytesReceived = 38416
        let event = UserLogEvent.terminated(
            Self.job, at: Self.time, termination: .exited(returnValue: 0), statistics: statistics,
            resources: [
                .init(name: "Memory", usage: 47, request: 1024, allocated: 1024),
                .init(name: "Cpus", usage: nil, request: 1, allocated: 1),
                .init(name: "Disk", usage: 149, request: 1_048_576, allocated: 2_699_079),
            ])
        #expect(
            event.logText == """
                005 (1234.005.000) 2025-03-04 05:06:07 Job terminated.
                \t(1) Normal termination (return value 0)
                \t\tUsr 0 01:02:03, Sys 1 01:01:01  -  Run Remote Usage
                \t\tUsr 0 00:00:00, Sys 0 00:00:00  -  Run Local Usage
                \t\tUsr 0 01:02:03, Sys 1 01:01:01  -  Total Remote Usage
                \t\tUsr 0 00:00:00, Sys 0 00:00:00  -  Total Local Usage
                \t0  -  Run Bytes Sent By Job
                \t38416  -  Run Bytes Received By Job
                \t0  -  Total Bytes Sent By Job
                \t38416  -  Total Bytes Received By Job
                \tPartitionable Resources :    Usage  Request Allocated 
                \t   Cpus                 :                 1         1 
                \t   Disk (KB)            :      149  1048576   2699079 
                \t   Memory (MB)          :       47     1024      1024 
                ...

                """)
    }

    @Test func abortHoldTransferAndRequeueAreWrittenAsHTCondorWritesThem() {
        let reason = "The system macro SYSTEM_PERIODIC_REMOVE expression 'x' evaluated to TRUE"
        #expect(
            UserLogEvent.aborted(Self.job, at: Self.time, reason: reason).logText
                == "009 (1234.005.000) 2025-03-04 05:06:07 Job was aborted.\n\t\(reason)\n...\n")
        #expect(
            UserLogEvent.held(Self.job, at: Self.time, reason: nil, code: 0, subcode: 0).logText
                == "012 (1234.005.000) 2025-03-04 05:06:07 Job was held.\n\tReason unspecified\n\tCode 0 Subcode 0\n...\n"
        )
        #expect(
            UserLogEvent.fileTransfer(Self.job, at: Self.time, stage: .inputStarted, host: "<1.2.3.4:5>").logText
                == "040 (1234.005.000) 2025-03-04 05:06:07 Started transferring input files\n\tTransferring to host: <1.2.3.4:5>\n...\n"
        )
        let requeued = UserLogEvent.requeued(
            Self.job, at: Self.time, termination: .exited(returnValue: 1), statistics: .init(), reason: "r")
        #expect(
            requeued.logText == """
                004 (1234.005.000) 2025-03-04 05:06:07 Job was evicted.
                \t(0) Job terminated and was requeued
                \t\tUsr 0 00:00:00, Sys 0 00:00:00  -  Run Remote Usage
                \t\tUsr 0 00:00:00, Sys 0 00:00:00  -  Run Local Usage
                \t0  -  Run Bytes Sent By Job
                \t0  -  Run Bytes Received By Job
                \t(1) Normal termination (return value 1)
                \tr
                ...

                """)
        #expect(
            requeued.eviction
                == UserLogEvent.Eviction(
                    checkpointed: false, requeued: true, termination: .exited(returnValue: 1), reason: "r"))
    }

    @Test func writtenEventsParseBackToThemselves() {
        let events = [
            UserLogEvent.submitted(Self.job, at: Self.time, host: "<127.0.0.1:9618>", notes: ["DAG Node: A"]),
            UserLogEvent.executing(
                Self.job, at: Self.time, host: "<127.0.0.1:9618>", slotName: "slot1@here",
                properties: ["Memory": "2048", "Cpus": "1"]),
            UserLogEvent.terminated(
                Self.job, at: Self.time, termination: .killed(signal: 9, coreFile: nil), statistics: .init()),
            UserLogEvent.held(Self.job, at: Self.time, reason: "gone", code: 13, subcode: 2),
        ]
        let parsed = UserLogParser.events(in: events.map(\.logText).joined())
        #expect(parsed.garbage.isEmpty)
        #expect(parsed.events == events)
        #expect(parsed.events[1].body == ["\tSlotName: slot1@here", "\tCpus = 1", "\tMemory = 2048"])
    }

    @Test(.enabled(if: ReferenceUserLogReader.python != nil, "needs .venv with PyPI htcondor (make test creates it)"))
    func htcondorReadsWhatWeWrite() throws {
        let periodic = "The system macro SYSTEM_PERIODIC_REMOVE expression 'x' evaluated to TRUE"
        let events = [
            UserLogEvent.submitted(Self.job, at: Self.time, host: "<127.0.0.1:9618?addrs=127.0.0.1-9618>"),
            UserLogEvent.fileTransfer(Self.job, at: Self.time, stage: .inputStarted, host: "<127.0.0.1:1>"),
            UserLogEvent.fileTransfer(Self.job, at: Self.time, stage: .inputFinished),
            UserLogEvent.executing(
                Self.job, at: Self.time, host: "<127.0.0.1:2>", slotName: "slot1_1@here", properties: ["Cpus": "1"]),
            UserLogEvent.requeued(
                Self.job, at: Self.time, termination: .exited(returnValue: 2), statistics: .init(), reason: "again"),
            UserLogEvent.terminated(
                Self.job, at: Self.time, termination: .exited(returnValue: 7), statistics: .init(),
                resources: [.init(name: "Cpus", usage: nil, request: 1, allocated: 1)]),
            UserLogEvent.terminated(
                Self.job, at: Self.time, termination: .killed(signal: 9, coreFile: nil), statistics: .init()),
            UserLogEvent.aborted(Self.job, at: Self.time, reason: periodic),
            UserLogEvent.held(Self.job, at: Self.time, reason: "Transfer input files failure", code: 13, subcode: 2),
        ]
        let folder = TestPaths.scratchFolder("userlog-write")
        let path = TestPaths.write(events.map(\.logText).joined(), to: "job.log", in: folder)
        let theirs = try #require(try ReferenceUserLogReader.events(in: [path])[path])
        #expect(theirs.count == events.count)
        for (event, attributes) in zip(events, theirs) {
            ReferenceComparison.expect(event, matches: attributes, in: path)
        }
        #expect(theirs[4]["TerminatedAndRequeued"] as? Bool == true)
        #expect(theirs[4]["ReturnValue"] as? Int == 2)
        #expect(theirs[7]["Reason"] as? String == periodic)
    }
}
