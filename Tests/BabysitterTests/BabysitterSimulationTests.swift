// Babysitter tests, end to end: a jobs folder compiled by `run --dry-run` and submitted to the HTCondor
// simulator. One job passes its espresso time limit and is removed (SYSTEM_PERIODIC_REMOVE), one fails
// once; `check-jobs --resubmit` bumps the first to microcentury, resubmits both and ends with every job
// done and the completion message. The in-job processor is a stand-in script (see
// CondorSimulatorTests/JobsFolderSimulationTests); job.sh, the .sub files, the flags and the user logs
// are the real ones.

import Foundation
import TestSupport
import Testing

@Suite struct BabysitterSimulationTests {
    @Test(.timeLimit(.minutes(2)))
    func resubmittedJobsEndDone() throws {
        // 1 s of HTCondor time is 2 ms: espresso (20 min) lasts 2.4 s, microcentury (1 h) 7.2 s.
        let sandbox = try CondorSimulatorSandbox("babysitter-e2e", settings: ["CONDOR_SIM_TIME_SCALE": "0.002"])
        let folder = sandbox.folder
        TestPaths.write(
            """
            {"DY_2018": {"metadata": {"sample": "DY", "year": "2018", "isMC": "True", "nevents": "300"},
                         "files": ["a.root", "b.root", "c.root"]}}
            """, to: "datasets.json", in: folder)
        TestPaths.write("datasets: {jsons: [datasets.json]}\n", to: "analysis.yaml", in: folder)
        TestPaths.write("queue: espresso\nignore-grid-certificate: true\n", to: "ro.yaml", in: folder)
        let compile = try BoundedProcess(
            [
                "run", "--cfg", "analysis.yaml", "-o", "out", "-e", "condor@lxplus", "-s", "3", "-ro", "ro.yaml",
                "--dry-run",
            ],
            in: folder, environment: sandbox.environment, outputIn: folder)
        #expect(compile.wait(timeout: 60), "run --dry-run did not end")
        let jobs = folder + "/out/job"
        try FileManager.default.removeItem(atPath: jobs + "/pocket-coffea")
        TestPaths.writeProgram(
            """
            while [ $# -gt 0 ]; do [ "$1" = --cfg ] && config="$2"; shift; done
            case "$config" in
              config_job_1.json) sleep 4 ;;
              config_job_2.json) [ -e \(jobs)/failed-once ] || { touch \(jobs)/failed-once; echo 'RuntimeError: boom' >&2; exit 1; } ;;
            esac
            mkdir -p output && echo '{"stand-in": true}' > output/output_all.json
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
}
