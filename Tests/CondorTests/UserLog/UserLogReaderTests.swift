import Condor
import Foundation
import TestSupport
import Testing

@Suite struct UserLogReaderTests {
    let folder = TestPaths.scratchFolder("userlog-reader")
    static let time = UserLogTimestamp(style: .isoDate, year: 2025, month: 1, day: 2, hour: 3, minute: 4, second: 5)

    func event(_ proc: Int, _ kind: UserLogEventKind = .submit) -> String {
        let job = CondorJobID(cluster: 9, proc: proc)
        switch kind {
        case .jobAborted: return UserLogEvent.aborted(job, at: Self.time, reason: "via condor_rm (by user me)").logText
        default: return UserLogEvent.submitted(job, at: Self.time, host: "<127.0.0.1:1>").logText
        }
    }

    func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    @Test func eachPollReadsOnlyWhatWasAppended() throws {
        let path = TestPaths.write(event(0) + event(1), to: "a.log", in: folder)
        var reader = UserLogReader()
        #expect(try reader.poll(path).map(\.job.proc) == [0, 1])
        let size = Int64(event(0).utf8.count * 2)
        #expect(reader.bytesRead(in: path) == size)
        #expect(try reader.poll(path).isEmpty)
        let third = event(2, .jobAborted)
        let cut = third.index(third.startIndex, offsetBy: 30)
        try append(String(third[..<cut]), to: path)
        #expect(try reader.poll(path).isEmpty)
        try append(String(third[cut...]), to: path)
        let events = try reader.poll(path)
        #expect(events.map(\.kind) == [.jobAborted])
        #expect(events.first?.abort?.removedByUser == "me")
        #expect(reader.bytesRead(in: path) == size + Int64(third.utf8.count))
    }

    @Test func manyFilesInOnePoll() throws {
        let paths = (0..<5).map { TestPaths.write(event($0), to: "job_\($0).log", in: folder) }
        var reader = UserLogReader(chunkSize: 16)
        var poll = reader.poll(paths + [folder + "/missing.log"])
        #expect(poll.events.count == 5 && poll.errors.isEmpty)
        #expect(poll.bytesRead == event(0).utf8.count * 5)
        #expect(
            paths.allSatisfy {
                poll.events[$0]?.first?.job.proc
                    == Int(URL(fileURLWithPath: $0).lastPathComponent.dropFirst(4).prefix(1))
            })
        try append(event(7, .jobAborted), to: paths[3])
        poll = reader.poll(paths)
        #expect(Array(poll.events.keys) == [paths[3]])
        #expect(poll.bytesRead == event(7, .jobAborted).utf8.count)
    }

    @Test func aTruncatedOrReplacedLogIsReadAgainFromItsStart() throws {
        let path = TestPaths.write(event(0) + event(1), to: "a.log", in: folder)
        var reader = UserLogReader()
        #expect(try reader.poll(path).count == 2)
        TestPaths.write(event(5), to: "a.log", in: folder)
        #expect(try reader.poll(path).map(\.job.proc) == [5])
        let other = TestPaths.write(event(6) + event(7) + event(8), to: "b.log", in: folder)
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: other, toPath: path)
        #expect(try reader.poll(path).map(\.job.proc) == [6, 7, 8])
    }

    @Test func aVanishedLogIsForgotten() throws {
        let path = TestPaths.write(event(0), to: "a.log", in: folder)
        var reader = UserLogReader()
        #expect(try reader.poll(path).count == 1)
        try FileManager.default.removeItem(atPath: path)
        #expect(try reader.poll(path).isEmpty)
        #expect(reader.paths.isEmpty)
        TestPaths.write(event(0), to: "a.log", in: folder)
        #expect(try reader.poll(path).count == 1)
    }

    @Test func anUnreadableLogIsAnErrorNamingIt() throws {
        var reader = UserLogReader()
        let error = #expect(throws: UserLogReadError.self) { try reader.poll(folder) }
        #expect(error?.operation == "read")
        #expect(error?.description.contains(folder) == true)
        #expect(reader.poll([folder]).errors[folder] != nil)
    }

    @Test func garbageIsCountedPerFileAndALastEventCanBeFlushed() throws {
        let path = TestPaths.write(
            "junk\n" + event(0) + "012 (9.0.0) 01/02 03:04:05 Job was held.\n\tx", to: "a.log", in: folder)
        var reader = UserLogReader()
        #expect(try reader.poll(path).count == 1)
        #expect(reader.garbage(in: path)?.lines == 1)
        #expect(reader.finish(path).first?.hold?.reason == "x")
        #expect(reader.paths.isEmpty)
    }
}
