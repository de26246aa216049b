import Foundation
import TestSupport
import Testing

/// `run --recreate-jobs` end to end on the built binary.
///
/// A condor_submit stand-in is on PATH. These cases need no Rucio: the queue, the redirector and the
/// reference's crash cases.
@Suite struct RecreateCommandTests {
    let folder = TestPaths.scratchFolder("recreate-cli")
    var bin: String { folder + "/bin" }
    var environment: [String: String] {
        ["PATH": bin + ":/usr/bin:/bin", "HOME": folder, "POCKET_COFFEA_SITECONF": folder + "/no-siteconf"]
    }
    static let file = "root://eoscms.cern.ch//eos/cms/store/mc/Run3/DY/NANOAODSIM/x/"

    init() throws {
        TestPaths.write(
            """
            {"DY_2018": {"metadata": {"sample": "DY", "year": "2018", "isMC": "True", "nevents": "300"},
                         "files": ["\(Self.file)a.root", "\(Self.file)b.root", "\(Self.file)c.root"]}}
            """, to: "datasets.json", in: folder)
        TestPaths.write("datasets: {jsons: [datasets.json]}\n", to: "analysis.yaml", in: folder)
        TestPaths.write("ignore-grid-certificate: true\n", to: "ro.yaml", in: folder)
        TestPaths.writeProgram(
            """
            echo "$*" >> \(folder)/submitted.txt
            echo '1 job(s) submitted to cluster 5.'
            """, named: "condor_submit", in: bin)
        let compiled = try run(["--dry-run"])
        #expect(compiled.status == 0, "\(compiled.stderr)")
    }

    func run(_ extra: [String]) throws -> CommandResult {
        try CommandResult.pocketCoffea(
            ["run", "--cfg", "analysis.yaml", "-o", "out", "-e", "condor@lxplus", "-s", "3", "-ro", "ro.yaml"] + extra,
            in: folder, environment: environment)
    }

    @Test func explicitIdsWithoutRecreateQueueDoNotCrash() throws {
        try "".write(toFile: folder + "/out/job/job_1.running", atomically: true, encoding: .utf8)
        let result = try run(["--recreate-jobs", "0,job_1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Recreating jobs: [job_0, job_1]"))
        #expect(result.stdout.contains("Bumping job_1 from microcentury to longlunch"))
        #expect(try String(contentsOfFile: folder + "/submitted.txt", encoding: .utf8) == "job_0.sub\njob_1.sub\n")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/job/job_1.running"))
    }

    @Test func recreateQueueAndRedirectorFromTheCommandLine() throws {
        let result = try run(["--recreate-jobs", "auto", "--recreate-queue", "workday", "--use-redirector"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("[queue] job_2: microcentury -> workday"))
        #expect(result.stdout.contains("[redirector] DY_2018: rewrote 1/1 files to root://xrootd-cms.infn.it//"))
        let config = try String(contentsOfFile: folder + "/out/job/config_job_0.json", encoding: .utf8)
        #expect(config.contains("root://xrootd-cms.infn.it//store/mc/Run3/DY/NANOAODSIM/x/a.root"))
        let sub = try String(contentsOfFile: folder + "/out/job/job_0.sub", encoding: .utf8)
        #expect(sub.contains("+JobFlavour = \"workday\""))
    }

    @Test func aDryRunSubmitsNothingAndAnUnknownJobIsAnError() throws {
        let dry = try run(["--recreate-jobs", "1", "--recreate-queue", "tomorrow", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("dry run: would run condor_submit job_1.sub"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/submitted.txt"))
        let unknown = try run(["--recreate-jobs", "7"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("job_7 is not in"))
        let local = try CommandResult.pocketCoffea(
            ["run", "--cfg", "analysis.yaml", "-o", "out", "--recreate-jobs", "0"], in: folder, environment: environment
        )
        #expect(local.status == 1)
        #expect(local.stderr.contains("--recreate-jobs rebuilds HTCondor jobs"))
    }
}
