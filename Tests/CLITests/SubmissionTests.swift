import Foundation
import TestSupport
import Testing

/// `run --executor condor@SITE` without --dry-run, against stand-ins for condor_submit and
/// voms-proxy-info on PATH (HTCondor's schedd cannot run here; its submit parser is tested in JobsTests).
@Suite struct SubmissionTests {
    let folder = TestPaths.scratchFolder("submit")
    var bin: String { folder + "/bin" }
    var environment: [String: String] { ["PATH": bin + ":/usr/bin:/bin", "HOME": folder + "/home"] }

    init() throws {
        try FileManager.default.createDirectory(atPath: folder + "/home", withIntermediateDirectories: true)
        TestPaths.write(
            """
            {"DY_2018": {"metadata": {"sample": "DY", "year": "2018", "isMC": "True", "nevents": "300"},
                         "files": ["a.root", "b.root", "c.root"]}}
            """, to: "datasets.json", in: folder)
        TestPaths.write("datasets: {jsons: [datasets.json]}\n", to: "analysis.yaml", in: folder)
        TestPaths.write("PROXY", to: "tmp/x509up_u42", in: folder)
        TestPaths.writeProgram(
            """
            case "$*" in
              -path) echo \(folder)/tmp/x509up_u42 ;;
              *-timeleft) echo 86400 ;;
              *) exit 1 ;;
            esac
            """, named: "voms-proxy-info", in: bin)
    }

    func run(_ extra: [String] = []) throws -> CommandResult {
        try CommandResult.pocketCoffea(
            ["run", "--cfg", "analysis.yaml", "-o", "out", "-e", "condor@lxplus", "-s", "3"] + extra, in: folder,
            environment: environment)
    }

    @Test func condorSubmitRunsInTheJobsFolderAndItsReceiptIsRead() throws {
        TestPaths.writeProgram(
            """
            printf '%s\\n' "$PWD" "$@" > \(folder)/submit-call.txt
            echo 'Submitting job(s)...'
            echo '3 job(s) submitted to cluster 4242.'
            """, named: "condor_submit", in: bin)
        let result = try run()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("3 job(s) submitted to cluster 4242."))
        #expect(result.stdout.contains("check-jobs -j \(folder)/out/job"))
        let call = try String(contentsOfFile: folder + "/submit-call.txt", encoding: .utf8)
        #expect(call == "\(folder)/out/job\njobs_all.sub\n")
        let sub = try String(contentsOfFile: folder + "/out/job/jobs_all.sub", encoding: .utf8)
        #expect(
            sub.contains(
                "transfer_input_files = \(folder)/out/job/config_job_$(ProcId).json,\(folder)/home/x509up_u42,"))
    }

    @Test func aFailingCondorSubmitIsReportedWithItsMessage() throws {
        TestPaths.writeProgram(
            """
            echo 'ERROR: Failed to connect to local queue manager' >&2
            exit 1
            """, named: "condor_submit", in: bin)
        let result = try run()
        #expect(result.status == 1)
        #expect(result.stderr.contains("'condor_submit jobs_all.sub' failed (exit status 1)"), "\(result.stderr)")
        #expect(result.stderr.contains("Failed to connect to local queue manager"))
    }

    @Test func noCondorSubmitOnPathSaysSo() throws {
        let result = try run()
        #expect(result.status == 1)
        #expect(result.stderr.contains("condor_submit was not found on PATH"), "\(result.stderr)")
    }

    @Test func aSiteProfileDefinesANewExecutor() throws {
        let profile = TestPaths.repositoryFile("share/sites/example-site.yaml")
        let result = try CommandResult.pocketCoffea(
            [
                "run", "--cfg", "analysis.yaml", "-o", "out", "-e", "condor@t3-example", "--executor-custom-setup",
                profile, "--dry-run", "-s", "2",
            ], in: folder, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let sub = try String(contentsOfFile: folder + "/out/job/job_1.sub", encoding: .utf8)
        #expect(sub.contains("+MaxRuntime = 43200\n"))
        #expect(sub.contains("+AccountingGroup = \"group_cms.analysis\"\n"))
        #expect(sub.contains("\(folder)/out/job/pocket-coffea\n"), "the binary travels with each job")
        let script = try String(contentsOfFile: folder + "/out/job/job.sh", encoding: .utf8)
        #expect(script.contains("export XRD_REQUESTTIMEOUT=600\nsource /cvmfs/cms.cern.ch/cmsset_default.sh\n"))
        let wrong = try CommandResult.pocketCoffea(
            ["run", "--cfg", "analysis.yaml", "-o", "out2", "-e", "condor@lxplus", "--executor-custom-setup", profile],
            in: folder, environment: environment)
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("run with --executor condor@t3-example"), "\(wrong.stderr)")
    }
}
