// Babysitter tests: the live terminal view — summary, per-group bars slowest first with % done, failed
// jobs with their diagnosis, and the panel of the last events.

import Babysitter
import Jobs
import Testing

@Suite struct TerminalRendererTests {
    static let green = "\u{1B}[32m"
    static let red = "\u{1B}[31m"

    func report() -> BabysitterReport {
        var report = BabysitterReport(folder: "/jobs")
        report.total = 4
        report.states = [0: .done, 1: .done, 2: .failed, 3: .running]
        report.counts = [.done: 2, .failed: 1, .running: 1]
        report.failures = [2: FailureDiagnosis(kind: .other(lines: ["MemoryError"]), log: nil)]
        report.groups = ProgressGroup.groups(
            states: report.states, membership: [0: ["TT"], 1: ["TT"], 2: ["DY"], 3: ["DY"]])
        return report
    }

    @Test func showsGroupsSlowestFirstWithColouredBars() {
        var renderer = TerminalRenderer { _ in }
        renderer.barWidth = 10
        renderer.event("job_2 (7.2) was aborted: via condor_rm")
        let lines = renderer.screen(report(), details: false)
        #expect(lines.contains("jobs 4: 2 done, 1 running, 0 idle, 1 failed"))
        let groups = lines.filter { $0.hasPrefix("DY") || $0.hasPrefix("TT") }
        #expect(groups.count == 2)
        #expect(groups.first?.hasPrefix("DY") == true && groups.first?.contains("  0.0% 0/2") == true)
        #expect(groups.last?.contains(Self.green + String(repeating: "█", count: 10)) == true)
        #expect(groups.last?.hasSuffix("100.0% 2/2") == true)
        #expect(lines.contains { $0.contains("job_2") && $0.hasSuffix(": MemoryError") })
        #expect(lines.last?.hasSuffix(" job_2 (7.2) was aborted: via condor_rm") == true)
        #expect(!lines.contains { $0.contains("several groups") })
    }
}
