// A jobs folder compiled by `run -e condor@…` and submitted to the simulator: job.sh runs in a
// scratch folder and moves its flag .idle → .running → .done/.failed, outputs are copied, and the
// user logs tell what HTCondor would tell.
//
// The in-job event processor is not in this build, so the jobs folder's copy of the binary (the
// program job.sh starts as "$POCKET_COFFEA run --cfg config_job_N.json …") is replaced by a small
// stand-in that plays it: it records the flags it sees, then writes output/output_all.zip, or
// sleeps, or fails, as standin.txt says for its config file. Everything else — the submit files,
// job.sh, the flags, the copy of the output — is the real thing.

import Condor
import CondorSimulator
import Foundation
import TestSupport
import Testing

@Suite struct JobsFolderSimulationTests {
    /// Compiles a 3-job folder for `executor` with `run --dry-run` and installs the stand-in processor.
    ///
    /// - Parameter behaviour: per job index, `sleep SECONDS` or `exit CODE` (default: succeed at once).
    static func compile(
        in sandbox: CondorSimulatorSandbox, executor: String, behaviour: [Int: String]
    ) throws -> String {
        let folder = sandbox.folder
        TestPaths.write(
            """
            {"DY_2018": {"metadata": {"sample": "DY", "year": "2018", "isMC": "True", "nevents": "300"},
                         "files": ["a.root", "b.root", "c.root"]}}
            """, to: "datasets.json", in: folder)
        TestPaths.write("datasets: {jsons: [datasets.json]}\n", to: "analysis.yaml", in: folder)
        let compiled = try CommandResult.pocketCoffea(
            [
                "run", "--cfg", "analysis.yaml", "-o", "out", "-e", executor, "-s", "3", "--dry-run",
                "--ignore-grid-certificate=true",
            ], in: folder, environment: sandbox.environment)
        #expect(compiled.status == 0, "\(compiled.stderr)")
        let jobs = folder + "/out/job"
        TestPaths.write(
            behaviour.map { "config_job_\($0).json \($1)" }.joined(separator: "\n") + "\n", to: "standin.txt",
            in: jobs)
        try FileManager.default.removeItem(atPath: jobs + "/pocket-coffea")
        TestPaths.writeProgram(
            """
            # Stand-in for the in-job processor: run --cfg CONFIG -o output …
            while [ $# -gt 0 ]; do [ "$1" = --cfg ] && config="$2"; shift; done
            ls \(jobs) > \(jobs)/seen_$config.txt
            action=$(grep "^$config " \(jobs)/standin.txt | cut -d' ' -f2-)
            case "$action" in
              sleep*) sleep "${action#sleep }" ;;
              exit*) echo "stand-in processor: simulated failure" >&2; exit "${action#exit }" ;;
            esac
            mkdir -p output && echo '{"stand-in": true}' > output/output_all.zip
            """, named: "pocket-coffea", in: jobs)
        return jobs
    }

    /// The flag files of job `index`.
    static func flags(_ jobs: String, _ index: Int) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: jobs).filter {
            $0.hasPrefix("job_\(index).") && !$0.hasSuffix(".sub")
        }.sorted()
    }

    @Test(arguments: ["condor@lxplus", "condor@rubin"])
    func compiledJobsRunAndMoveTheirFlags(executor: String) throws {
        let sandbox = try CondorSimulatorSandbox("jobs-folder")
        let jobs = try Self.compile(in: sandbox, executor: executor, behaviour: [1: "exit 2"])
        #expect(try Self.flags(jobs, 0) == ["job_0.idle"])
        let submitted = try sandbox.submit("jobs_all.sub", in: jobs)
        #expect(submitted.stdout == "Submitting job(s)...\n3 job(s) submitted to cluster 1.\n", "\(submitted.stderr)")
        #expect(try sandbox.wait().status == 0)

        #expect(try Self.flags(jobs, 0) == ["job_0.done"])
        #expect(try Self.flags(jobs, 1) == ["job_1.failed"])
        #expect(try Self.flags(jobs, 2) == ["job_2.done"])
        let seen = try String(contentsOfFile: jobs + "/seen_config_job_2.json.txt", encoding: .utf8)
        #expect(seen.contains("job_2.running\n") && !seen.contains("job_2.idle"), "while it runs a job is .running")
        let out = sandbox.folder + "/out"
        #expect(FileManager.default.fileExists(atPath: out + "/output_job_0.zip"))
        #expect(!FileManager.default.fileExists(atPath: out + "/output_job_1.zip"))
        #expect(try String(contentsOfFile: out + "/output_job_2.zip", encoding: .utf8) == "{\"stand-in\": true}\n")
        #expect(
            try String(contentsOfFile: jobs + "/logs/job_1.1.out", encoding: .utf8).contains(
                "Job failed: pocket-coffea exited with status 2"))
        #expect(try String(contentsOfFile: jobs + "/logs/job_1.1.err", encoding: .utf8).contains("simulated failure"))

        let events = try CondorSimulatorTests.events(jobs + "/logs/job_1.log")
        #expect(
            CondorSimulatorTests.kinds(events) == [
                0: [0, 40, 40, 1, 40, 40, 5], 1: [0, 40, 40, 1, 40, 40, 5], 2: [0, 40, 40, 1, 40, 40, 5],
            ])
        #expect(
            events.filter { $0.kind == .jobTerminated }.allSatisfy { $0.termination == .exited(returnValue: 0) },
            "job.sh exits 0 after flagging a failure")
    }

    @Test func aJobPastItsJobFlavourIsAbortedAndRunsToTheEndOnALongerQueue() throws {
        let sandbox = try CondorSimulatorSandbox("jobs-folder-time", settings: ["CONDOR_SIM_TIME_SCALE": "0.001"])
        let jobs = try Self.compile(in: sandbox, executor: "condor@lxplus", behaviour: [1: "sleep 5"])
        #expect(try sandbox.submit("jobs_all.sub", in: jobs).status == 0)
        #expect(try sandbox.wait().status == 0)

        let events = try CondorSimulatorTests.events(jobs + "/logs/job_1.log")
        #expect(CondorSimulatorTests.kinds(events)[1] == [0, 40, 40, 1, 9], "microcentury (1 h) scaled to 3.6 s < 5 s")
        let abort = try #require(events.last { $0.job.proc == 1 }?.abort)
        #expect(abort.isSystemPeriodicRemove)
        #expect(try Self.flags(jobs, 1) == ["job_1.running"], "job.sh was killed mid-way")
        #expect(!FileManager.default.fileExists(atPath: jobs + "/logs/job_1.1.out"))
        #expect(try Self.flags(jobs, 0) == ["job_0.done"] && Self.flags(jobs, 2) == ["job_2.done"])

        let single = jobs + "/job_1.sub"
        let text = try String(contentsOfFile: single, encoding: .utf8)
        try text.replacingOccurrences(of: "+JobFlavour = \"microcentury\"", with: "+JobFlavour = \"longlunch\"")
            .write(toFile: single, atomically: true, encoding: .utf8)
        let resubmitted = try sandbox.submit("job_1.sub", in: jobs)
        #expect(resubmitted.stdout.contains("1 job(s) submitted to cluster 2."))
        #expect(try sandbox.wait().status == 0)
        let rerun = try CondorSimulatorTests.events(jobs + "/logs/job_2.1.log")
        #expect(rerun.map(\.kind.rawValue) == [0, 40, 40, 1, 40, 40, 5])
        #expect(rerun.allSatisfy { $0.job == CondorJobID(cluster: 2, proc: 0) })
        #expect(try Self.flags(jobs, 1) == ["job_1.done"])

        let records = try CondorSimulatorTests.records(sandbox)
        #expect(records.map(\.file) == [jobs + "/jobs_all.sub", jobs + "/job_1.sub"])
        #expect(records.map(\.jobs) == [3, 1])
    }
}
