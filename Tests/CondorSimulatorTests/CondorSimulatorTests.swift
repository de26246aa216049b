// The simulator run through its condor_submit link, on small submit files: what HTCondor does with
// a job — transfer, arguments, Output/Error, exit policy, wall time, holds — and what it logs.

import Condor
import CondorSimulator
import Foundation
import TestSupport
import Testing

@Suite struct CondorSimulatorTests {
    /// The events of the user log at `path`, which must parse without garbage.
    static func events(_ path: String) throws -> [UserLogEvent] {
        let (events, garbage) = UserLogParser.events(in: try String(contentsOfFile: path, encoding: .utf8))
        #expect(garbage.isEmpty, "\(path): \(garbage)")
        return events
    }

    /// The event kinds of each proc, in order.
    static func kinds(_ events: [UserLogEvent]) -> [Int: [Int]] {
        Dictionary(grouping: events, by: \.job.proc).mapValues { $0.map(\.kind.rawValue) }
    }

    /// Whether process `pid` exists and is not a zombie waiting for its new parent to reap it.
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return kill(pid, 0) == 0 }
        return stat[stat.index(end, offsetBy: 2)] != "Z"
    }

    static func records(_ sandbox: CondorSimulatorSandbox) throws -> [SubmissionRecord] {
        try CondorSimulator(settings: SimulatorSettings(stateFolder: sandbox.stateFolder)).submissions()
    }

    @Test func runsEachJobInAScratchFolderWithItsInputsAndLogsHTCondorsEvents() throws {
        let sandbox = try CondorSimulatorSandbox()
        let work = sandbox.folder + "/work"
        TestPaths.write("input text\n", to: "input.txt", in: work)
        TestPaths.write("d\n", to: "data/d.txt", in: work)
        TestPaths.write("m\n", to: "more/m.txt", in: work)
        TestPaths.writeProgram(
            """
            printf '[%s]' "$@"; echo
            echo "scratch=$_CONDOR_SCRATCH_DIR pwd=$PWD"
            ls >&2
            echo "result $1" > result_$1.txt
            exit $3
            """, named: "work.sh", in: work)
        TestPaths.write(
            """
            executable = work.sh
            arguments = "$(ProcId) 'two words' $(code)"
            transfer_input_files = input.txt,data,\(work)/more/
            should_transfer_files = YES
            output = out/job.$(ClusterId).$(ProcId).out
            error = out/job.$(ClusterId).$(ProcId).err
            log = job_$(ClusterId).log
            queue code from (
              0
              4
            )

            """, to: "jobs.sub", in: work)
        try FileManager.default.createDirectory(atPath: work + "/out", withIntermediateDirectories: true)
        let submitted = try sandbox.submit("jobs.sub", in: work)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        #expect(submitted.stdout == "Submitting job(s)..\n2 job(s) submitted to cluster 1.\n")
        #expect(try sandbox.wait().status == 0)

        let out = try String(contentsOfFile: work + "/out/job.1.1.out", encoding: .utf8)
        #expect(
            out.hasPrefix(
                "[1][two words][4]\nscratch=\(sandbox.stateFolder)/scratch/1.1 pwd=\(sandbox.stateFolder)/scratch/1.1\n"
            ))
        let listing = try String(contentsOfFile: work + "/out/job.1.0.err", encoding: .utf8)
        #expect(
            listing.split(separator: "\n").sorted() == [
                "_condor_stderr", "_condor_stdout", "data", "input.txt", "m.txt", "work.sh",
            ])
        #expect(try String(contentsOfFile: work + "/result_1.txt", encoding: .utf8) == "result 1\n")
        #expect(!FileManager.default.fileExists(atPath: sandbox.stateFolder + "/scratch/1.0"))

        let events = try Self.events(work + "/job_1.log")
        #expect(Self.kinds(events) == [0: [0, 40, 40, 1, 40, 40, 5], 1: [0, 40, 40, 1, 40, 40, 5]])
        let terminations = events.filter { $0.kind == .jobTerminated }.sorted { $0.job < $1.job }.map(\.termination)
        #expect(terminations == [.exited(returnValue: 0), .exited(returnValue: 4)])
        let execute = try #require(events.first { $0.kind == .execute })
        #expect(execute.slotName?.hasPrefix("slot1_") == true)
        #expect(execute.host?.hasPrefix("<127.0.0.1:9618?") == true)
        #expect(events.first { $0.kind == .fileTransfer }?.fileTransfer?.host != nil)
        let last = try #require(events.last { $0.kind == .jobTerminated })
        #expect(last.body.contains { $0.hasSuffix("Run Bytes Received By Job") && !$0.hasPrefix("\t0 ") })
        #expect(last.body.contains("\tPartitionable Resources :    Usage  Request Allocated "))
    }

    @Test func runsNoMoreJobsAtOnceThanItsSlots() throws {
        let sandbox = try CondorSimulatorSandbox(settings: ["CONDOR_SIM_MAX_JOBS": "2"])
        let work = sandbox.folder + "/work"
        let track = work + "/track.txt"
        TestPaths.writeProgram(
            """
            echo "+ $(date +%s%N)" >> \(track)
            sleep 0.4
            echo "- $(date +%s%N)" >> \(track)
            """, named: "job.sh", in: work)
        TestPaths.write("executable = job.sh\nqueue 5\n", to: "five.sub", in: work)
        #expect(try sandbox.submit("five.sub", in: work).status == 0)
        #expect(try sandbox.wait().status == 0)
        let marks = try String(contentsOfFile: track, encoding: .utf8).split(separator: "\n").map {
            ($0.hasPrefix("+") ? 1 : -1, Int($0.dropFirst(2)) ?? 0)
        }
        #expect(marks.count == 10)
        var running = 0
        var most = 0
        for (step, _) in marks.sorted(by: { $0.1 < $1.1 }) {
            running += step
            most = max(most, running)
        }
        #expect(most == 2)
    }

    @Test func submissionsGetNewClustersAndAreLoggedFailuresIncluded() throws {
        let sandbox = try CondorSimulatorSandbox(settings: ["CONDOR_SIM_FAIL_SUBMIT": "3"])
        let work = sandbox.folder + "/work"
        TestPaths.writeProgram("true", named: "job.sh", in: work)
        TestPaths.write("executable = job.sh\nqueue 2\n", to: "ok.sub", in: work)
        TestPaths.write("executable = job.sh\nqueue 2 stray\n", to: "bad.sub", in: work)
        #expect(try sandbox.submit("ok.sub", in: work).stdout.contains("2 job(s) submitted to cluster 1."))
        #expect(try sandbox.submit("ok.sub", in: work).stdout.contains("2 job(s) submitted to cluster 2."))
        let failed = try sandbox.submit("ok.sub", in: work)
        #expect(failed.status == 1)
        #expect(failed.stdout.isEmpty)
        #expect(failed.stderr.hasPrefix("\nERROR: Failed to connect to local queue manager"))
        let rejected = try sandbox.submit("bad.sub", in: work)
        #expect(rejected.status == 1)
        #expect(rejected.stderr.contains("ERROR: \(work)/bad.sub:2: cannot read 'queue 2 stray'"), "\(rejected.stderr)")
        #expect(try sandbox.submit("ok.sub", in: work).stdout.contains("submitted to cluster 3."))
        #expect(try sandbox.wait().status == 0)

        let records = try Self.records(sandbox)
        #expect(records.map(\.attempt) == [1, 2, 3, 4, 5])
        #expect(records.map(\.status) == [.submitted, .submitted, .failed, .rejected, .submitted])
        #expect(records.map(\.cluster) == [1, 2, nil, nil, 3])
        #expect(records.allSatisfy { $0.directory == work })
        #expect(records[3].file == work + "/bad.sub" && records[3].message?.contains("stray") == true)
        #expect(records[0].jobs == 2)
    }

    @Test func aJobPastItsWallTimeIsAbortedWithSystemPeriodicRemove() throws {
        let sandbox = try CondorSimulatorSandbox(settings: ["CONDOR_SIM_TIME_SCALE": "0.001"])
        let work = sandbox.folder + "/work"
        TestPaths.writeProgram(
            """
            sleep 60 &
            echo $! > \(work)/child.pid
            echo started
            sleep 60
            """, named: "slow.sh", in: work)
        TestPaths.write(
            "executable = slow.sh\noutput = slow.out\nlog = slow.log\n+JobFlavour = \"espresso\"\nqueue\n",
            to: "slow.sub",
            in: work)
        let start = Date()
        #expect(try sandbox.submit("slow.sub", in: work).status == 0)
        #expect(try sandbox.wait().status == 0)
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed > 1.2 && elapsed < 10, "espresso (20 min) scaled by 0.001 is 1.2 s")

        let events = try Self.events(work + "/slow.log")
        #expect(events.map(\.kind) == [.submit, .fileTransfer, .fileTransfer, .execute, .jobAborted])
        let abort = try #require(events.last?.abort)
        #expect(abort.isSystemPeriodicRemove)
        #expect(abort.reason?.hasPrefix("The system macro SYSTEM_PERIODIC_REMOVE expression '") == true)
        #expect(abort.reason?.hasSuffix("' evaluated to TRUE") == true)
        #expect(
            !FileManager.default.fileExists(atPath: work + "/slow.out"), "an aborted job's output is not transferred")
        let child = try #require(
            Int32(
                String(contentsOfFile: work + "/child.pid", encoding: .utf8).trimmingCharacters(
                    in: .whitespacesAndNewlines)))
        #expect(!Self.isRunning(child), "the job's own children are killed with it")
    }

    @Test func thePoolsRemoveReasonReplacesHTCondorsWording() throws {
        let reason = "Job removed by SYSTEM_PERIODIC_REMOVE due to wall time exceeded allowed max."
        let sandbox = try CondorSimulatorSandbox(settings: ["CONDOR_SIM_PERIODIC_REMOVE_REASON": reason])
        let work = sandbox.folder + "/work"
        TestPaths.writeProgram("sleep 30", named: "slow.sh", in: work)
        TestPaths.write("executable = slow.sh\nlog = slow.log\n+MaxRuntime = 1\nqueue\n", to: "slow.sub", in: work)
        #expect(try sandbox.submit("slow.sub", in: work).status == 0)
        #expect(try sandbox.wait().status == 0)
        let abort = try #require(try Self.events(work + "/slow.log").last?.abort)
        #expect(abort.reason == reason && abort.isSystemPeriodicRemove)
    }

    @Test func aMissingInputFileHoldsTheJob() throws {
        let sandbox = try CondorSimulatorSandbox()
        let work = sandbox.folder + "/work"
        TestPaths.writeProgram("true", named: "job.sh", in: work)
        TestPaths.write(
            "executable = job.sh\ntransfer_input_files = gone.json\nlog = held.log\nqueue\n", to: "held.sub", in: work)
        #expect(try sandbox.submit("held.sub", in: work).status == 0)
        #expect(try sandbox.wait().status == 0)
        let events = try Self.events(work + "/held.log")
        #expect(events.map(\.kind) == [.submit, .fileTransfer, .jobHeld])
        let hold = try #require(events.last?.hold)
        #expect(hold.code == 13 && hold.subcode == 2)
        #expect(hold.reason.hasPrefix("Transfer input files failure at access point "))
        #expect(
            hold.reason.hasSuffix("Details: reading from file \(work)/gone.json: (errno 2) No such file or directory"))
        #expect(FileManager.default.fileExists(atPath: sandbox.stateFolder + "/held/0000000001.000000.json"))
    }

    @Test func aFailingJobIsRequeuedUntilItsRetriesAreSpent() throws {
        let sandbox = try CondorSimulatorSandbox()
        let work = sandbox.folder + "/work"
        TestPaths.writeProgram("echo run >> \(work)/runs.txt\nexit 3", named: "fail.sh", in: work)
        TestPaths.write(
            """
            executable = fail.sh
            log = fail.log
            on_exit_remove = (ExitBySignal == False) && (ExitCode == 0)
            max_retries = 2
            queue

            """, to: "fail.sub", in: work)
        #expect(try sandbox.submit("fail.sub", in: work).status == 0)
        #expect(try sandbox.wait().status == 0)
        let events = try Self.events(work + "/fail.log")
        #expect(events.filter { $0.kind != .fileTransfer }.map(\.kind.rawValue) == [0, 1, 4, 1, 4, 1, 5])
        let requeue = try #require(events.first { $0.kind == .jobEvicted }?.eviction)
        #expect(requeue.requeued && requeue.termination == .exited(returnValue: 3))
        #expect(
            requeue.reason?.hasPrefix("The job attribute OnExitRemove expression 'NumJobCompletions > JobMaxRetries")
                == true)
        #expect(events.last?.termination == .exited(returnValue: 3))
        #expect(try String(contentsOfFile: work + "/runs.txt", encoding: .utf8) == "run\nrun\nrun\n")
    }

    @Test func aJobGetsTheEnvironmentItsSubmitFileAsksFor() throws {
        let sandbox = try CondorSimulatorSandbox()
        let work = sandbox.folder + "/work"
        TestPaths.writeProgram("echo \"$A|$B|$EXIT_WITH|$NOT_ASKED\"\nexit $EXIT_WITH", named: "env.sh", in: work)
        TestPaths.write(
            """
            executable = env.sh
            getenv = EXIT_WITH
            environment = "A=1 B='x y'"
            output = env.out
            log = env.log
            queue

            """, to: "env.sub", in: work)
        let submitted = try sandbox.submit("env.sub", in: work, environment: ["EXIT_WITH": "7", "NOT_ASKED": "no"])
        #expect(submitted.status == 0)
        #expect(try sandbox.wait().status == 0)
        #expect(try String(contentsOfFile: work + "/env.out", encoding: .utf8) == "1|x y|7|\n")
        #expect(try Self.events(work + "/env.log").last?.termination == .exited(returnValue: 7))
    }

    @Test func aJobKilledByASignalSaysWhich() throws {
        let sandbox = try CondorSimulatorSandbox()
        let work = sandbox.folder + "/work"
        TestPaths.writeProgram("kill -9 $$", named: "die.sh", in: work)
        TestPaths.write("executable = die.sh\nlog = die.log\nqueue\n", to: "die.sub", in: work)
        #expect(try sandbox.submit("die.sub", in: work).status == 0)
        #expect(try sandbox.wait().status == 0)
        #expect(try Self.events(work + "/die.log").last?.termination == .killed(signal: 9, coreFile: nil))
    }

    @Test(arguments: [
        ("executable = missing.sh\nqueue\n", "Executable file WORK/missing.sh does not exist"),
        ("executable = job.sh\nlog = nowhere/x.log\nqueue\n", "Invalid log file: \"WORK/nowhere/x.log\""),
        ("executable = job.sh\nperiodic_remove = true\nqueue\n", "does not implement 'periodic_remove' (line 2)"),
        ("executable = job.sh\n+JobFlavour = lunch\nqueue\n", "+JobFlavour = lunch is not a quoted CERN queue name"),
        ("executable = job.sh\non_exit_remove = time() > 1\nqueue\n", "functions such as time() are not supported"),
        ("executable = job.sh\nuniverse = docker\nqueue\n", "vanilla-universe jobs only"),
        ("arguments = x\nqueue\n", "No 'executable' parameter was provided"),
    ])
    func refusedSubmitFilesSayWhy(text: String, message: String) throws {
        let sandbox = try CondorSimulatorSandbox()
        let work = sandbox.folder + "/work"
        TestPaths.writeProgram("true", named: "job.sh", in: work)
        TestPaths.write(text, to: "refused.sub", in: work)
        let result = try sandbox.submit("refused.sub", in: work)
        #expect(result.status == 1)
        #expect(result.stderr.contains("ERROR: "))
        #expect(result.stderr.contains(message.replacingOccurrences(of: "WORK", with: work)), "\(result.stderr)")
        #expect(try Self.records(sandbox).map(\.status) == [.rejected])
    }
}
