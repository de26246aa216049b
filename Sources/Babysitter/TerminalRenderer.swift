// Babysitter layer: check-jobs in a terminal — the screen is redrawn each poll with the summary, the
// per-group table (a stacked bar: done green, running magenta, idle blue, failed red; % done; slowest
// first), the failed jobs with their diagnosis, and a panel of the last event lines.

import Foundation
import Jobs

/// Renders polls as a live terminal view.
public struct TerminalRenderer {
    /// The width of a group's bar, in characters.
    public var barWidth = 30
    /// How many event lines the log panel keeps.
    public var panelLines = 8
    private var events: [String] = []
    private let write: (String) -> Void

    /// A renderer writing whole screens through `write`.
    public init(write: @escaping (String) -> Void) {
        self.write = write
    }

    /// Adds a line to the log panel.
    public mutating func event(_ line: String, at date: Date = Date()) {
        events.append("\(PlainRenderer.timestamp(date)) \(line)")
        if events.count > panelLines { events.removeFirst(events.count - panelLines) }
    }

    /// Redraws the screen for `report`.
    public func render(_ report: BabysitterReport, details: Bool) {
        write("\u{1B}[H\u{1B}[2J" + screen(report, details: details).joined(separator: "\n"))
    }

    /// The screen's lines, without escape codes other than colours.
    public func screen(_ report: BabysitterReport, details: Bool) -> [String] {
        var lines = ["check-jobs \(report.folder)  \(PlainRenderer.timestamp(report.time))", ""]
        lines.append(PlainRenderer.summary(report))
        if !report.groups.isEmpty {
            lines.append("")
            let width = max(5, report.groups.map(\.name.count).max() ?? 0)
            for group in report.groups {
                let name = group.name.padding(toLength: width, withPad: " ", startingAt: 0)
                let percent = String(format: "%5.1f%%", group.percentDone)
                lines.append("\(name) \(bar(group)) \(percent) \(group.count(.done))/\(group.total)")
            }
            if report.jobsSpanGroups {
                lines.append("(some jobs read datasets of several groups; each such job counts in each of them)")
            }
        }
        if !report.failures.isEmpty {
            lines.append("")
            for (index, diagnosis) in report.failures.sorted(by: { $0.key < $1.key }) {
                let attempts = report.attempts[index].map { " (resubmitted \($0)×)" } ?? ""
                lines.append("\(Self.red)\(JobsFolder.jobName(index))\(Self.reset)\(attempts): \(diagnosis.summary)")
            }
        }
        if details {
            lines.append("")
            for index in report.states.keys.sorted() {
                lines.append("\(JobsFolder.jobName(index))\t\(report.states[index]?.rawValue ?? "?")")
            }
        }
        if !events.isEmpty {
            lines.append("")
            lines += events
        }
        return lines
    }

    private static let reset = "\u{1B}[0m"
    private static let red = "\u{1B}[31m"
    private static let colours: [(JobsFolder.Flag, String)] = [
        (.done, "\u{1B}[32m"), (.running, "\u{1B}[35m"), (.idle, "\u{1B}[34m"), (.failed, red),
    ]

    /// The stacked bar of `group`, `barWidth` characters.
    func bar(_ group: ProgressGroup) -> String {
        guard group.total > 0 else { return String(repeating: " ", count: barWidth) }
        var text = ""
        var used = 0
        for (flag, colour) in Self.colours {
            let cells = Int((Double(group.count(flag)) * Double(barWidth) / Double(group.total)).rounded())
            let width = min(cells, barWidth - used)
            guard width > 0 else { continue }
            text += colour + String(repeating: "█", count: width) + Self.reset
            used += width
        }
        return text + String(repeating: " ", count: barWidth - used)
    }
}
