// Babysitter tests: the diagnosis of a failed job from its newest .err/.out, on the real XRootD error
// texts in ../shared/testdata/samples/xrootd_errors and on a plain Python traceback.

import Babysitter
import Foundation
import TestSupport
import Testing

@Suite struct FailureDiagnosisTests {
    let scratch = TestPaths.scratchFolder("diagnosis")

    static let samples = [
        ("issue_xrootd282_xrdcp_3011_no_servers.txt", 3011),
        ("issue_coffeacasa419_xrdcp_3010_permission_denied.txt", 3010),
        ("issue_coffeacasa399_uproot5_operation_expired.txt", nil),
        ("issue_xrootd2309_fatal_socket_timeout.txt", nil),
        ("issue_coffea339_uproot4_filenotfound_multiline.txt", nil),
    ]

    @Test(.enabled(if: TestPaths.hasSharedTestData, "needs ../shared/testdata"), arguments: samples)
    func recognisesXRootDFailures(sample: String, status: Int?) throws {
        let text = try String(contentsOfFile: TestPaths.shared("samples/xrootd_errors/" + sample), encoding: .utf8)
        let urls = text.split(whereSeparator: { " '\"\n".contains($0) }).filter { $0.hasPrefix("root://") }
            .map { String($0) }
        let log = TestPaths.write("Traceback (most recent call last):\n" + text, to: "job_5.0.err", in: scratch)
        let diagnosis = FailureDiagnosis.diagnose(logs: [log], inputs: urls)
        guard case .xrootd(let inputs, let code) = diagnosis.kind else {
            Issue.record("\(sample): \(diagnosis.kind)")
            return
        }
        #expect(code == status)
        if let first = urls.first { #expect(inputs.contains(first)) }
        #expect(diagnosis.summary.hasPrefix("XRootD read failure"))
    }

    @Test func showsTheLastLinesOfAnyOtherFailure() {
        let lines = (1...8).map { "line \($0)" } + ["ZeroDivisionError: division by zero", ""]
        let log = TestPaths.write(lines.joined(separator: "\n"), to: "job_7.2.err", in: scratch)
        let diagnosis = FailureDiagnosis.diagnose(logs: [log], inputs: ["root://a//store/x.root"])
        #expect(
            diagnosis.kind
                == .other(lines: ["line 5", "line 6", "line 7", "line 8", "ZeroDivisionError: division by zero"]))
    }

    @Test func readsTheNewestLogOfTheJob() throws {
        let old = TestPaths.write("[FATAL] Socket timeout root://a//store/x.root", to: "job_7.2.err", in: scratch)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -600)], ofItemAtPath: old)
        let new = TestPaths.write("MemoryError", to: "job_9.2.err", in: scratch)
        let diagnosis = FailureDiagnosis.diagnose(logs: [old, new], inputs: ["root://a//store/x.root"])
        #expect(diagnosis.kind == .other(lines: ["MemoryError"]))
        #expect(diagnosis.log == new)
    }

    @Test func saysSoWhenThereIsNoLog() {
        #expect(FailureDiagnosis.diagnose(logs: [], inputs: []).kind == .noLog)
    }
}
