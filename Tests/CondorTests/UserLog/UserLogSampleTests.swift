// The user-log parser on every real log of ../shared/testdata/samples/condor_logs, checked against
// HTCondor's own reader (htcondor2.JobEventLog) where that reader accepts the file.

import Condor
import Foundation
import TestSupport
import Testing

@Suite(.enabled(if: TestPaths.hasSharedTestData, "needs ../shared/testdata"))
struct UserLogSampleTests {
    static let folder = TestPaths.shared("samples/condor_logs")

    static var files: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".log") }.sorted()
    }

    func parse(_ name: String) throws -> (events: [UserLogEvent], garbage: UserLogGarbage) {
        UserLogParser.events(in: try String(contentsOfFile: Self.folder + "/" + name, encoding: .utf8))
    }

    @Test func theSampleFolderHasItsLogs() {
        #expect(Self.files.count >= 8)
    }

    @Test(arguments: files)
    func everyLogParsesWithoutGarbageAndTheSameInAnyChunking(name: String) throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/" + name)))
        let whole = try parse(name)
        #expect(whole.garbage.isEmpty, "\(name): \(whole.garbage)")
        #expect(!whole.events.isEmpty)
        for chunk in [1, 7, 4096] {
            var parser = UserLogParser()
            var events: [UserLogEvent] = []
            var start = 0
            while start < bytes.count {
                events += parser.consume(Array(bytes[start..<min(bytes.count, start + chunk)]))
                start += chunk
            }
            events += parser.finish()
            #expect(events == whole.events, "\(name) in chunks of \(chunk)")
        }
    }

    @Test(.enabled(if: ReferenceUserLogReader.python != nil, "needs .venv with PyPI htcondor (make test creates it)"))
    func agreesWithHTCondorsReader() throws {
        let paths = Self.files.map { Self.folder + "/" + $0 }
        let reference = try ReferenceUserLogReader.events(in: paths)
        var compared = 0
        for path in paths {
            let theirs = reference[path] ?? []
            // HTCondor's reader takes nothing from logs pasted with an indent; ours reads them (tested below).
            guard !theirs.isEmpty else { continue }
            let ours = UserLogParser.events(in: try String(contentsOfFile: path, encoding: .utf8)).events
            #expect(ours.count == theirs.count, "\(path)")
            for (event, attributes) in zip(ours, theirs) {
                ReferenceComparison.expect(event, matches: attributes, in: path)
                compared += 1
            }
        }
        #expect(compared > 900)
    }

    @Test func memoryExceededHold() throws {
        let events = try parse("arc_memory_exceeded_held.log").events
        #expect(events.count == 26)
        #expect(events.first?.host?.hasPrefix("<192.114.101.132:9618?") == true)
        let held = try #require(events.last?.hold)
        #expect(held == UserLogEvent.Hold(reason: "MEMORY EXCEEDED", code: 26, subcode: 0))
        #expect(
            events[2].imageSize
                == UserLogEvent.ImageSize(imageSizeKB: 177408, memoryUsageMB: 105, residentSetSizeKB: 106776))
        #expect(events[0].timestamp.style == .legacy && events[0].timestamp.year == nil)
    }

    @Test func signalElevenAndAnAbortWithoutReason() throws {
        let events = try parse("htcondor_dagman_abnormal_term_signal11.log").events
        #expect(events.map(\.kind) == [.submit, .execute, .jobTerminated, .jobAborted])
        #expect(events[0].body == ["    DAG Node: A"])
        #expect(events[2].termination == .killed(signal: 11, coreFile: nil))
        #expect(events[3].abort == UserLogEvent.Abort(reason: nil))
        #expect(events[3].abort?.isSystemPeriodicRemove == false)
    }

    @Test func indentedDocumentationExcerptWithShadowExceptions() throws {
        let events = try parse("htcondor_docs_troubleshooting_007_shadow_exception_iso.log").events
        #expect(events.map(\.kind) == [.execute, .shadowException, .execute, .shadowException])
        #expect(events[1].body.first?.contains("executable file not found in $PATH") == true)
        let time = events[0].timestamp
        #expect(time.style == .isoDate && time.year == 2022 && time.month == 1 && time.day == 30)
        #expect(time.description == "2022-01-30 15:15:36")
        #expect(events.allSatisfy { $0.job == CondorJobID(cluster: 781, proc: 0) })
    }

    @Test func htcondorsSyntheticLogHasEveryEventOfItsTime() throws {
        let (events, garbage) = try parse("htcondor_test_condor_synthetic_all_events.log")
        #expect(garbage.isEmpty)
        #expect(events.count == 851)
        #expect(Set(events.map(\.kind.rawValue)) == Set(Array(0...20) + [22, 23, 24]))
        #expect(events.contains { $0.job == CondorJobID(cluster: -1, proc: -1, subproc: -1) })
        let heldWithoutReason = try #require(events.first { $0.kind == .jobHeld })
        #expect(heldWithoutReason.hold == UserLogEvent.Hold(reason: "Reason unspecified", code: nil, subcode: nil))
        let evicted = try #require(events.first { $0.kind == .jobEvicted }?.eviction)
        #expect(evicted == UserLogEvent.Eviction(checkpointed: false, requeued: false, termination: nil, reason: nil))
        #expect(events.first { $0.kind == .postScriptTerminated }?.termination == .killed(signal: -1, coreFile: nil))
        #expect(events.last?.kind == .jobReconnectFailed)
    }

    @Test func legacyTimesWithAPartitionableResourcesTable() throws {
        let events = try parse("htcondor_test_event_reader.log").events
        #expect(events.map(\.kind.rawValue) == [0, 1, 6, 8, 6, 5, 6])
        #expect(events[3].text == "Job indicated transition to phase: output")
        #expect(events[5].termination == .exited(returnValue: 0))
        #expect(events[5].body.last == "           Memory (MB)          :        0        1      7770")
    }

    @Test func isoTimesTransfersAndReturnValue127() throws {
        let events = try parse("oomretry_gpu_12.0_iso_rv127.log").events
        #expect(
            events.compactMap(\.fileTransfer?.stage) == [
                .inputStarted, .inputFinished, .outputStarted, .outputFinished,
            ])
        #expect(events[1].fileTransfer?.host?.hasPrefix("<10.9.146.12:9618?") == true)
        #expect(events.last?.termination == .exited(returnValue: 127))
        #expect(events[0].job.headerText == "(012.000.000)")
    }

    @Test func osPoolLogWithSlotPropertiesAndAStarterWarning() throws {
        let events = try parse("osg_school2024_simple_dag_iso_040.log").events
        #expect(events.count == 9)
        #expect(events[3].kind == .remoteError)
        #expect(events[4].slotName == "slot1_4@comp-cc-0463.gwave.ics.psu.edu")
        #expect(events[8].termination == .exited(returnValue: 0))
    }

    @Test func aHoldWithoutItsClosingLineWaitsUntilTheFileIsDone() throws {
        let text = try String(contentsOfFile: Self.folder + "/parkslab_chtc_held_code12_transfer.log", encoding: .utf8)
        var parser = UserLogParser()
        #expect(parser.consume(Array(text.utf8)).isEmpty)
        #expect(parser.hasPendingInput)
        let held = try #require(parser.finish().first?.hold)
        #expect(held.code == 12 && held.subcode == 0)
        #expect(held.reason.hasPrefix("Error from slot1_9@e151.chtc.wisc.edu: STARTER at 128.105.244.20 failed"))
    }
}
