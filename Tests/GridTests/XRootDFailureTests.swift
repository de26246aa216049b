import Foundation
import Grid
import TestSupport
import Testing

@Suite struct XRootDFailureTests {
    let inputs = [
        "root://eoscms.cern.ch//eos/cms/store/mc/A/file_1.root", "root://xrootd-cms.infn.it//store/mc/A/file_2.root",
        "root://eoscms.cern.ch//eos/cms/store/mc/A/file_3.root",
    ]

    @Test func upRootsOSErrorNamesTheFileOnTheNextLine() {
        let log = """
            Traceback (most recent call last):
            OSError: XRootD error: [ERROR] Operation expired
            in file root://eoscms.cern.ch//eos/cms/store/mc/A/file_3.root
            """
        #expect(XRootDFailure.failedInputs(inLog: log, inputs: inputs) == [inputs[2]])
    }

    @Test func xrdclsTriedQueryAndAnotherHostMatchByLFN() {
        let log = """
            [2015-08-28 16:29:52 +0200][Error  ][XRootD] [cms-xrd-transit.cern.ch:1094] Handling error while processing kXR_open (file: root://cms-xrd-transit.cern.ch//store/mc/A/file_2.root?tried=+1098xrdcmsglobal02.cern.ch, mode: 00): [ERROR] Error response.
            Run: [ERROR] Server responded with an error: [3011] No servers are available to read the file.
            """
        #expect(XRootDFailure.failedInputs(inLog: log, inputs: inputs) == [inputs[1]])
    }

    @Test func aLogWithoutXRootDErrorsOrWithoutInputsNamesNothing() {
        #expect(
            XRootDFailure.failedInputs(
                inLog: "Opening root://eoscms.cern.ch//eos/cms/store/mc/A/file_1.root\nJob successful", inputs: inputs
            ).isEmpty)
        #expect(XRootDFailure.failedInputs(inLog: "[FATAL] Socket timeout", inputs: inputs).isEmpty)
    }

    @Test(.enabled(if: TestPaths.hasSharedTestData, "needs ../shared/testdata"))
    func realErrorTexts() throws {
        let samples = TestPaths.shared("samples/xrootd_errors") + "/"
        let permission = try String(
            contentsOfFile: samples + "issue_coffeacasa419_xrdcp_3010_permission_denied.txt", encoding: .utf8)
        let url =
            "root://eoscms.cern.ch//store/group/phys_exotica/axol1tl/MC_ScoutingNano_withAXOscore/DYto2L_M-50_TuneCP5_13p6TeV_pythia8/DYto2L_M-50_TuneCP5_13p6TeV_pythia8/ScoutingNano_DYto2L_withAXOscore_20241107/241107_192432/0000/L1Nano_wScores_100.root"
        #expect(XRootDFailure.failedInputs(inLog: permission, inputs: [url, inputs[0]]) == [url])
        let noServers = try String(
            contentsOfFile: samples + "issue_xrootd282_xrdcp_3011_no_servers.txt", encoding: .utf8)
        let tt =
            "root://xrootd.unl.edu//store/mc/RunIIWinter15GS/TT_TuneCUETP8M1_13TeV-powheg-pythia8/GEN-SIM/MCRUN2_71_V1-v1/10000/0228E2F1-EEC7-E411-A5D3-B083FED177B1.root"
        #expect(XRootDFailure.failedInputs(inLog: noServers, inputs: [tt]) == [tt])
    }
}
