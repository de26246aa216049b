// Babysitter tests, end to end: a jobs folder compiled by `run --dry-run` and submitted to the HTCondor
// simulator. One job passes its espresso time limit and is removed (SYSTEM_PERIODIC_REMOVE), one fails
// once; `check-jobs --resubmit` bumps the first to microcentury, resubmits both and ends with every job
// done and the completion message. And check-jobs SIGKILLed at random moments of a run where every job
// fails three times: the simulator's own submission log shows each job resubmitted exactly thrice. The in-job
// processor is a stand-in script (see CondorSimulatorTests/JobsFolderSimulationTests); job.sh, the .sub
// files, the flags and the user logs are the real ones. (The same chain with the real processor, XRootD
// and Rucio is AnalysisTests' ChainTests.)

import Foundation
import TestSupport
import Testing

@Suite struct BabysitterSimulationTests {
    /// Compiles a jobs folder of `count` one-file jobs with `run --dry-run` in the sandbox; returns its path.
    func compileJobs(_ count: Int, in sandbox: CondorSimulatorSandbox) throws -> String {
        let folder = sandbox.folder
        let files = (0..<count).map { "\"f\($0).root\"" }.joined(separator: ", ")
        TestPaths.write(
            """
            {"DY_2018": {"metadata": {"sample": "DY", "year": "2018", "isMC": "True", "nevents": "300"},
                         "files": [\(files)]}}
            """, to: "datasets.json", in: folder)
        TestPaths.write("datasets: {jsons: [datasets.json]}\n", to: "analysis.yaml", in: folder)
        TestPaths.write("queue: espresso\nignore-grid-certificate: true\n", to: "ro.yaml", in: folder)
        let compile = try BoundedProcess(
            [
                "run", "--cfg", "analysis.yaml", "-o", "out", "-e", "condor@lxplus", "-s", String(count), "-ro",
                "ro.yaml", "--dry-run",
            ],
            in: folder, environment: sandbox.environment, outputIn: folder)
        #expect(compile.wait(timeout: 60), "run --dry-run did not end")
        let jobs = folder + "/out/job"
        try FileManager.default.removeItem(atPath: jobs + "/pocket-coffea")
        return jobs
    }

    @Test(.timeLimit(.minutes(2)))
    func resubmittedJobsEndDone() throws {
        // 1 s of HTCondor time is 2 ms: espresso (20 min) lasts 2.4 s, microcentury (1 h) 7.2 s.
        let sandbox = try CondorSimulatorSandbox("babysitter-e2e", settings: ["CONDOR_SIM_TIME_SCALE": "0.002"])
        let folder = sandbox.folder
        let jobs = try compileJobs(3, in: sandbox)
        TestPaths.writeProgram(
            """
            while [ $# -gt 0 ]; do [ "$1" = --cfg ] && config="$2"; shift; done
            case "$config" in
              config_job_1.json) sleep 4 ;;
              config_job_2.json) [ -e \(jobs)/failed-once ] || { touch \(jobs)/failed-once; echo 'RuntimeError: boom' >&2; exit 1; } ;;
            esac
            mkdir -p output && echo '{"stand-in": true}' > output/output_all.zip
            """, named: "pocket-coffea", in: jobs)

        let submit = try BoundedProcess(
            ["jobs_all.sub"], executable: sandbox.bin + "/condor_submit", in: jobs, environment: sandbox.environment,
            outputIn: folder)
        #expect(submit.wait(timeout: 30))
        #expect(submit.output.contains("3 job(s) submitted to cluster"), "\(submit.output)")

        let check = try BoundedProcess(
            ["check-jobs", "-j", folder + "/out", "--resubmit", "-i", "0.5"], environment: sandbox.environment,
            outputIn: folder)
        let ended = check.wait(timeout: 90)
        defer { _ = try? sandbox.wait(timeout: 30) }
        let output = check.output
        #expect(ended, "check-jobs did not end:\n\(output)")
        #expect(output.contains("Now merge outputs with merge-outputs -jc \(jobs)"), "\(output)")
        #expect(output.contains("job_1 (") && output.contains("was removed at its time limit"), "\(output)")
        #expect(output.contains("Bumping job_1 from espresso to microcentury"), "\(output)")
        for index in 0..<3 {
            #expect(FileManager.default.fileExists(atPath: jobs + "/job_\(index).done"), "job_\(index)")
        }
        let maxTime = try String(contentsOfFile: jobs + "/maxtime.txt", encoding: .utf8)
        #expect(maxTime.split(separator: "\n").count == 1)
        #expect(try String(contentsOfFile: jobs + "/job_1.sub", encoding: .utf8).contains("\"microcentury\""))
    }

    @Test(.timeLimit(.minutes(3)))
    func killedAtRandomMomentsSubmitsNoJobTwice() throws {
        let (count, failures) = (4, 3)
        let sandbox = try CondorSimulatorSandbox("babysitter-kill", settings: ["CONDOR_SIM_TIME_SCALE": "0.01"])
        let jobs = try compileJobs(count, in: sandbox)
        // Each job fails on its first `failures` runs: run K of job N makes the folder runs/N.K.
        TestPaths.writeProgram(
            """
            while [ $# -gt 0 ]; do [ "$1" = --cfg ] && config="$2"; shift; done
            job=${config#config_job_}; job=${job%.json}
            for run in $(seq 1 \(failures + 1)); do mkdir -p \(jobs)/runs && mkdir \(jobs)/runs/$job.$run 2>/dev/null && break; done
            sleep 0.$((RANDOM % 5))
            [ "$run" -gt \(failures) ] || { echo "RuntimeError: run $run of job $job fails" >&2; exit 1; }
            mkdir -p output && echo '{"stand-in": true}' > output/output_all.zip
            """, named: "pocket-coffea", in: jobs)
        #expect(try sandbox.submit("jobs_all.sub", in: jobs).status == 0)

        let arguments = ["check-jobs", "-j", jobs, "--resubmit", "-m", "4", "-i", "0.1"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let session = try BoundedProcess(arguments, environment: sandbox.environment, outputIn: sandbox.folder)
            Thread.sleep(forTimeInterval: Double.random(in: 0.02...0.5, using: &generator))
            session.stop(SIGKILL)
        }
        let last = try BoundedProcess(arguments, environment: sandbox.environment, outputIn: sandbox.folder)
        #expect(last.wait(timeout: 90), "check-jobs did not end:\n\(last.output)")
        _ = try? sandbox.wait(timeout: 30)
        #expect(last.output.contains("All jobs are completed"), "\(last.output)")

        let log = try String(contentsOfFile: sandbox.stateFolder + "/submissions.jsonl", encoding: .utf8)
        let records = try log.split(separator: "\n").map {
            try JSONDecoder().decode(SimulatedSubmission.self, from: Data($0.utf8))
        }
        let submitted = records.filter { $0.status == "submitted" }.map { ($0.file as NSString).lastPathComponent }
        #expect(submitted.filter { $0 == "jobs_all.sub" }.count == 1)
        for index in 0..<count {
            #expect(submitted.filter { $0 == "job_\(index).sub" }.count == failures, "job_\(index): \(submitted)")
            #expect(FileManager.default.fileExists(atPath: jobs + "/job_\(index).done"), "job_\(index)")
        }
    }
}

/// One line of the simulator's submissions.jsonl (CondorSimulator's SubmissionRecord, read as a user would).
struct SimulatedSubmission: Decodable {
    var status: String
    var file: String
}
