// Condor layer: turns the bytes of a user log into events, in pieces as they arrive. It keeps an
// incomplete last line and an event still missing its `...` for the next call, so a log read while
// HTCondor is writing it never yields half an event. What is not an event is skipped and counted:
//
//   - a line outside any event that is not an event header (stray text, a lone `...`);
//   - an event whose `...` never came before the next header (a writer that died mid-event), or
//     whose body grew past ``UserLogParser/maximumBodyLines`` lines;
//   - an event with a code outside 000–047 (HTCondor's own readers skip those to the next `...`).

/// What a parser skipped, and where the last skipped line was.
public struct UserLogGarbage: Sendable, Hashable {
    /// Lines outside any event, plus the lines of dropped events.
    public var lines = 0
    /// Complete events with a code outside 000–047.
    public var unknownEvents = 0
    /// Events dropped because their `...` never came or their body was too long.
    public var brokenEvents = 0
    /// The byte offset of the last skipped line.
    public var lastOffset: Int64?
    /// The last skipped line (at most 200 bytes of it).
    public var lastLine: String?

    public init() {}

    /// Whether nothing was skipped.
    public var isEmpty: Bool { lines == 0 && unknownEvents == 0 && brokenEvents == 0 }
}

/// An incremental user-log parser: feed it bytes, get back the events they complete.
public struct UserLogParser: Sendable {
    /// The body size beyond which an event is taken for garbage.
    public static let maximumBodyLines = 10_000

    /// What was skipped so far.
    public private(set) var garbage = UserLogGarbage()
    /// The stream offset of the next byte to be fed.
    public private(set) var offset: Int64

    private var partialLine: [UInt8] = []
    private var open: OpenEvent?

    /// An event whose `...` has not been read yet.
    private struct OpenEvent: Sendable {
        var header: UserLogHeader
        var body: [String] = []
        var offset: Int64
        var lines = 1
    }

    /// A parser whose first byte is at `offset` in its stream (for messages).
    public init(offset: Int64 = 0) {
        self.offset = offset
    }

    /// Whether bytes are held back for an incomplete line or event.
    public var hasPendingInput: Bool { !partialLine.isEmpty || open != nil }

    /// Parses the events of a whole log (one that its writer has finished).
    public static func events(in text: String) -> (events: [UserLogEvent], garbage: UserLogGarbage) {
        var parser = UserLogParser()
        let events = parser.consume(Array(text.utf8)) + parser.finish()
        return (events, parser.garbage)
    }

    /// Feeds the next bytes of the stream.
    ///
    /// - Returns: the events completed by these bytes, in order.
    public mutating func consume(_ bytes: [UInt8]) -> [UserLogEvent] {
        bytes.withUnsafeBufferPointer { consume($0) }
    }

    /// Feeds the next bytes of the stream.
    ///
    /// - Returns: the events completed by these bytes, in order.
    public mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) -> [UserLogEvent] {
        var events: [UserLogEvent] = []
        var start = 0
        while start < bytes.count {
            guard let newline = firstNewline(in: bytes, from: start) else {
                partialLine.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
                break
            }
            let segment = UnsafeBufferPointer(rebasing: bytes[start..<newline])
            let consumed = Int64(newline + 1 - start)
            if partialLine.isEmpty {
                handle(line: segment, consumed: consumed, into: &events)
            } else {
                partialLine.append(contentsOf: segment)
                let line = partialLine
                partialLine.removeAll(keepingCapacity: true)
                let total = Int64(line.count + 1)
                line.withUnsafeBufferPointer { handle(line: $0, consumed: total, into: &events) }
            }
            start = newline + 1
        }
        return events
    }

    /// Ends the stream, returning an event that lacks only its closing `...`.
    ///
    /// A last line without a newline is read too. Use it for a log whose writer is known to be done,
    /// never while polling.
    public mutating func finish() -> [UserLogEvent] {
        var events: [UserLogEvent] = []
        if !partialLine.isEmpty {
            let line = partialLine
            partialLine.removeAll()
            line.withUnsafeBufferPointer { handle(line: $0, consumed: Int64($0.count), into: &events) }
        }
        if let event = open {
            open = nil
            close(event, into: &events)
        }
        return events
    }

    // MARK: - Lines

    private func firstNewline(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if bytes[index] == .newline { return index }
            index += 1
        }
        return nil
    }

    /// Handles one line (without its `\n`) that took `consumed` bytes of the stream.
    private mutating func handle(
        line raw: UnsafeBufferPointer<UInt8>, consumed: Int64, into events: inout [UserLogEvent]
    ) {
        let lineOffset = offset
        offset += consumed
        var line = raw
        if line.last == .carriageReturn { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
        if Self.isSyncLine(line) {
            if let event = open {
                open = nil
                close(event, into: &events)
            } else {
                skip(line, at: lineOffset)
            }
            return
        }
        if let header = UserLogHeader.parse(line) {
            if let broken = open { drop(broken) }
            open = OpenEvent(header: header, offset: lineOffset)
            return
        }
        guard var event = open else {
            skip(line, at: lineOffset)
            return
        }
        open = nil
        event.lines += 1
        if event.body.count >= Self.maximumBodyLines {
            drop(event)
            return
        }
        event.body.append(String(decoding: line, as: UTF8.self))
        open = event
    }

    /// `...`, possibly indented or followed by blanks.
    private static func isSyncLine(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        var end = line.count
        while start < end, line[start] == .space || line[start] == .tab { start += 1 }
        while end > start, line[end - 1] == .space || line[end - 1] == .tab { end -= 1 }
        return end - start == 3 && line[start] == .dot && line[start + 1] == .dot && line[start + 2] == .dot
    }

    private mutating func close(_ event: OpenEvent, into events: inout [UserLogEvent]) {
        guard let kind = UserLogEventKind(rawValue: event.header.code) else {
            garbage.unknownEvents += 1
            return
        }
        let header = event.header
        events.append(
            UserLogEvent(kind: kind, job: header.job, timestamp: header.timestamp, text: header.text, body: event.body))
    }

    private mutating func drop(_ event: OpenEvent) {
        garbage.brokenEvents += 1
        garbage.lines += event.lines
        garbage.lastOffset = event.offset
        garbage.lastLine = UserLogEventKind.code(event.header.code) + " " + event.header.job.headerText + " …"
    }

    private mutating func skip(_ line: UnsafeBufferPointer<UInt8>, at lineOffset: Int64) {
        garbage.lines += 1
        garbage.lastOffset = lineOffset
        garbage.lastLine = String(decoding: UnsafeBufferPointer(rebasing: line.prefix(200)), as: UTF8.self)
    }
}
