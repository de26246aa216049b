import Condor
import Testing

@Suite struct UserLogParserTests {
    static let submit = "000 (042.000.000) 2024-08-02 15:44:58 Job submitted from host: <127.0.0.1:9618>\n...\n"
    static let terminated = """
        005 (042.000.000) 2024-08-02 15:45:19 Job terminated.
        \t(1) Normal termination (return value 3)
        \t\tUsr 0 00:00:01, Sys 0 00:00:00  -  Run Remote Usage
        \t0  -  Run Bytes Sent By Job
        ...

        """

    @Test func anEventIsReturnedOnlyOnceItsClosingLineIsComplete() {
        var parser = UserLogParser()
        let bytes = Array((Self.submit + Self.terminated).utf8)
        var returned: [(Int, UserLogEvent)] = []
        for (index, byte) in bytes.enumerated() {
            for event in parser.consume([byte]) { returned.append((index, event)) }
        }
        let firstEnd = Self.submit.utf8.count - 1
        #expect(returned.map(\.0) == [firstEnd, bytes.count - 1])
        #expect(returned.map(\.1.kind) == [.submit, .jobTerminated])
        #expect(returned[1].1.termination == .exited(returnValue: 3))
        #expect(!parser.hasPendingInput)
        #expect(parser.offset == Int64(bytes.count))
    }

    @Test func aHalfWrittenEventWaitsForTheRest() {
        var parser = UserLogParser()
        let text = Self.submit + Self.terminated
        let cut = text.index(text.startIndex, offsetBy: Self.submit.count + 40)
        #expect(parser.consume(Array(text[..<cut].utf8)).map(\.kind) == [.submit])
        #expect(parser.hasPendingInput)
        #expect(parser.consume(Array(text[cut...].utf8)).map(\.kind) == [.jobTerminated])
        #expect(parser.garbage.isEmpty)
    }

    @Test func garbageBetweenEventsIsSkippedAndCounted() {
        let text = "random text\n" + Self.submit + "\n...\n\u{FF}binary\u{01}\n" + Self.terminated + "trailing words\n"
        let (events, garbage) = UserLogParser.events(in: text)
        #expect(events.map(\.kind) == [.submit, .jobTerminated])
        #expect(garbage.lines == 5)
        #expect(garbage.lastLine == "trailing words")
        #expect(garbage.lastOffset == Int64(text.utf8.count - "trailing words\n".utf8.count))
    }

    @Test func anEventCutShortByTheNextHeaderIsDropped() {
        let text =
            "001 (042.000.000) 2024-08-02 15:45:00 Job executing on host: <127.0.0.1:1>\n\tSlotName: s\n"
            + Self.terminated
        let (events, garbage) = UserLogParser.events(in: text)
        #expect(events.map(\.kind) == [.jobTerminated])
        #expect(garbage.brokenEvents == 1 && garbage.lines == 2)
        #expect(garbage.lastOffset == 0)
    }

    @Test func unknownCodesAreSkippedToTheirClosingLine() {
        let text = "105 (042.000.000) 2024-08-02 15:45:00 EP event\n\tstuff\n...\n" + Self.submit
        let (events, garbage) = UserLogParser.events(in: text)
        #expect(events.map(\.kind) == [.submit])
        #expect(garbage.unknownEvents == 1 && garbage.lines == 0)
    }

    @Test func anOverlongBodyIsDropped() {
        let body = String(repeating: "\tline\n", count: UserLogParser.maximumBodyLines + 5)
        let text = "008 (1.0.0) 2024-08-02 15:45:00 generic\n" + body + "...\n" + Self.submit
        let (events, garbage) = UserLogParser.events(in: text)
        #expect(events.map(\.kind) == [.submit])
        #expect(garbage.brokenEvents == 1)
    }

    @Test func windowsLineEndingsAndInvalidUTF8() {
        var bytes = Array(Self.submit.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        bytes += Array("008 (1.0.0) 2024-08-02 15:45:00 bad ".utf8) + [0xC3, 0x28] + Array("\n...\n".utf8)
        var parser = UserLogParser()
        let events = parser.consume(bytes)
        #expect(events.count == 2)
        #expect(events[0].host == "<127.0.0.1:9618>")
        #expect(events[1].text == "bad \u{FFFD}(")
    }

    @Test(arguments: [
        (
            "10/06 13:40:45",
            UserLogTimestamp(style: .legacy, year: nil, month: 10, day: 6, hour: 13, minute: 40, second: 45)
        ),
        (
            "2022-01-30 15:15:35",
            UserLogTimestamp(style: .isoDate, year: 2022, month: 1, day: 30, hour: 15, minute: 15, second: 35)
        ),
        (
            "2022-01-30 15:15:35.123Z",
            UserLogTimestamp(
                style: .isoDate, year: 2022, month: 1, day: 30, hour: 15, minute: 15, second: 35, microsecond: 123_000,
                utcOffset: 0)
        ),
        (
            "2024-01-15T12:00:01.5+02:00",
            UserLogTimestamp(
                style: .iso8601, year: 2024, month: 1, day: 15, hour: 12, minute: 0, second: 1, microsecond: 500_000,
                utcOffset: 7200)
        ),
        (
            "01/15 12:00:00.250",
            UserLogTimestamp(
                style: .legacy, year: nil, month: 1, day: 15, hour: 12, minute: 0, second: 0, microsecond: 250_000)
        ),
    ])
    func headerTimes(text: String, expected: UserLogTimestamp) throws {
        let (events, garbage) = UserLogParser.events(in: "009 (7.3.0) \(text) Job was aborted.\n...\n")
        #expect(garbage.isEmpty)
        let event = try #require(events.first)
        #expect(event.timestamp == expected)
        #expect(event.job == CondorJobID(cluster: 7, proc: 3))
        #expect(event.text == "Job was aborted.")
    }

    @Test(arguments: [
        "13/06 13:40:45", "2022-01-32 15:15:35", "2022-01-30 25:15:35", "2022-1-30 15:15:35", "2022-01-30 15:15",
        "2022-01-30 15:15:35x", "2022-01-30_15:15:35",
    ])
    func badTimesAreNotHeaders(text: String) {
        let (events, garbage) = UserLogParser.events(in: "009 (7.3.0) \(text) Job was aborted.\n...\n")
        #expect(events.isEmpty)
        #expect(garbage.lines == 2)
    }

    @Test(arguments: [
        "09 (7.3.0) 2024-08-02 15:45:00 x", "0009 (7.3.0) 2024-08-02 15:45:00 x", "009 (7.3) 2024-08-02 15:45:00 x",
        "009 7.3.0 2024-08-02 15:45:00 x", "009 (7.3.0)2024-08-02 15:45:00 x", "009 (a.3.0) 2024-08-02 15:45:00 x",
    ])
    func badHeadersAreGarbage(line: String) {
        let (events, garbage) = UserLogParser.events(in: line + "\n...\n")
        #expect(events.isEmpty)
        #expect(garbage.lines == 2)
    }

    @Test func anEmptyTextAndAnIndentedHeader() {
        let (events, garbage) = UserLogParser.events(
            in: "008 (1.0.0) 2024-08-02 15:45:00\n...\n\t  008 (1.0.0) 2024-08-02 15:45:00 \n   ...  \n")
        #expect(garbage.isEmpty)
        #expect(events.map(\.text) == ["", ""])
    }

    @Test func everyCodeFrom000To047IsAnEvent() {
        let text = (0...47).map { code in
            let digits = String(code)
            let padded = String(repeating: "0", count: 3 - digits.count) + digits
            return "\(padded) (9.\(code).0) 2024-08-02 15:45:00 event \(code)\n\tbody\n...\n"
        }.joined()
        let (events, garbage) = UserLogParser.events(in: text)
        #expect(garbage.isEmpty)
        #expect(events.map(\.kind) == UserLogEventKind.allCases)
        #expect(events.map(\.job.proc) == Array(0...47))
        #expect(events.allSatisfy { $0.body == ["\tbody"] && $0.text == "event \($0.job.proc)" })
    }
}
