// Condor layer: one event of an HTCondor job event log (user log). An event is a header line, zero or
// more body lines and a line `...`:
//
//   005 (1234.000.000) 2024-08-02 15:45:19 Job terminated.          ← header: code, job, time, text
//   	(1) Normal termination (return value 0)                        ← body lines, kept verbatim
//   		Usr 0 00:00:00, Sys 0 00:00:00  -  Run Remote Usage
//   ...                                                              ← end of the event
//
// The event keeps its text and body as written; typed views of the bodies a monitor needs
// (termination, abort reason, hold reason and code, eviction, file transfer) are in
// UserLogEvent+Details.swift, and the writer in UserLogEvent+Writing.swift.

/// An event of a job's user log.
public struct UserLogEvent: Sendable, Hashable {
    /// What happened.
    public var kind: UserLogEventKind
    /// The job it happened to.
    public var job: CondorJobID
    /// When, as written.
    public var timestamp: UserLogTimestamp
    /// The text after the timestamp on the header line, such as `Job was held.`.
    public var text: String
    /// The lines between the header and `...`, without line endings, indentation kept.
    public var body: [String]

    public init(kind: UserLogEventKind, job: CondorJobID, timestamp: UserLogTimestamp, text: String, body: [String]) {
        self.kind = kind
        self.job = job
        self.timestamp = timestamp
        self.text = text
        self.body = body
    }

    /// The body lines without their leading and trailing blanks, empty lines dropped.
    var trimmedBody: [Substring] {
        body.map { $0.trimmingBlanks() }.filter { !$0.isEmpty }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingBlanks() -> Substring {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return Substring(slice)
    }
}
