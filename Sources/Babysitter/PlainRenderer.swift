// Babysitter layer: check-jobs without a terminal (a pipe, a log file, nohup): one timestamped line per
// poll whose counts changed, and one per event line, so the output can be followed with `tail -f`.

import Foundation
import Jobs

/// Renders polls as plain timestamped lines.
public struct PlainRenderer {
    private var lastSummary = ""
    private var shownFailures: [Int: String] = [:]
    private let write: (String) -> Void

    /// A renderer writing each line through `write`.
    public init(write: @escaping (String) -> Void) {
        self.write = write
    }

    /// `2026-11-29T06:20:00Z` for `date`.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// One line for an event of the babysitter (a resubmission, an abort).
    public func event(_ line: String, at date: Date = Date()) {
        write("\(Self.timestamp(date)) \(line)")
    }

    /// Writes the poll's summary when it changed, and each new diagnosis.
    public mutating func render(_ report: BabysitterReport, details: Bool) {
        let summary = Self.summary(report)
        if summary != lastSummary {
            write("\(Self.timestamp(report.time)) \(summary)")
            lastSummary = summary
        }
        for (index, diagnosis) in report.failures.sorted(by: { $0.key < $1.key })
        where shownFailures[index] != diagnosis.summary {
            shownFailures[index] = diagnosis.summary
            write("\(Self.timestamp(report.time)) \(JobsFolder.jobName(index)) failed: \(diagnosis.summary)")
        }
        shownFailures = shownFailures.filter { report.failures[$0.key] != nil }
        if details {
            for index in report.states.keys.sorted() {
                write("  \(JobsFolder.jobName(index))\t\(report.states[index]?.rawValue ?? "?")")
            }
        }
    }

    /// `jobs 10: 3 done, 2 running, 4 idle, 1 failed`, with holds and given-up jobs when there are some.
    public static func summary(_ report: BabysitterReport) -> String {
        var text =
            "jobs \(report.total): \(report.count(.done)) done, \(report.count(.running)) running, "
            + "\(report.count(.idle)) idle, \(report.count(.failed)) failed"
        if !report.holds.isEmpty { text += ", \(report.holds.count) held" }
        if !report.givenUp.isEmpty {
            text += "; given up: " + report.givenUp.map(JobsFolder.jobName).joined(separator: ", ")
        }
        return text
    }

    /// The closing lines once every job is done or failed.
    public static func completion(folder: String) -> [String] {
        ["All jobs are completed", "Now merge outputs with merge-outputs -jc \(folder)"]
    }
}
