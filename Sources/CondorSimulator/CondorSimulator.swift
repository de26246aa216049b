// Condor simulator: the entry points — condor_submit, waiting for the queue to drain, and the schedd
// process that runs the jobs. No HTCondor runs on Debian, so tests and users who want to try a jobs
// folder locally submit it here: jobs run on this machine in their own scratch folders, with
// HTCondor's file transfer, arguments, Output/Error, exit policy, wall-time limit and user-log
// events. condor_submit returns at once; the jobs run in a detached schedd process (see Schedd).

import Condor
import Foundation

/// An HTCondor pool on this machine, kept in a state folder.
public struct CondorSimulator: Sendable {
    /// How it behaves.
    public let settings: SimulatorSettings
    let state: SimulatorState

    public init(settings: SimulatorSettings) {
        self.settings = settings
        state = SimulatorState(root: settings.stateFolder)
    }

    /// What `condor_submit FILE` does: reads the submit file, queues its jobs in a new cluster, writes
    /// their submit events (000) and starts the schedd if none is running.
    ///
    /// - Parameters:
    ///   - file: the submit file, relative to `directory` or absolute.
    ///   - directory: the folder condor_submit runs in (the default `initialdir`).
    ///   - environment: the submitter's environment, for `getenv` and `$ENV()`.
    ///   - scheddCommand: the argument vector that runs ``runSchedd()`` in a new process.
    /// - Returns: the receipt condor_submit prints.
    /// - Throws: ``SimulatorError`` when the file is refused or the submission fails (injected or real).
    public func submit(
        file: String, directory: String, environment: [String: String], scheddCommand: [String]
    ) throws(SimulatorError) -> SubmitReceipt {
        try state.create()
        let path = SimulatedJob.absolute(file, in: directory)
        return try FileLock.holding(state.stateLock) { () throws(SimulatorError) -> SubmitReceipt in
            let attempt = try state.updateCounters { counters in
                counters.submissions += 1
                return counters.submissions
            }
            var record = SubmissionRecord(
                time: ISO8601DateFormatter().string(from: Date()), attempt: attempt, status: .rejected, cluster: nil,
                jobs: 0, file: path, directory: directory, message: nil)
            do throws(SimulatorError) {
                if let every = settings.failEverySubmission, attempt % every == 0 {
                    record.status = .failed
                    throw SimulatorError(
                        "Failed to connect to local queue manager (condor-sim: CONDOR_SIM_FAIL_SUBMIT=\(every) fails every "
                            + "\(every == 1 ? "" : "\(every)-th ")submission)")
                }
                let receipt = try queue(path, directory: directory, environment: environment)
                record.status = .submitted
                record.cluster = receipt.cluster
                record.jobs = receipt.jobCount
                try state.append(record)
                try startSchedd(scheddCommand, environment: environment)
                return receipt
            } catch {
                record.message = error.message
                try state.append(record)
                throw error
            }
        }
    }

    /// Waits until every queued job has left the queue (done, aborted or held), restarting the schedd
    /// if it is not running.
    ///
    /// - Parameter timeout: seconds to wait at most; `nil` waits for ever.
    /// - Returns: the jobs still queued when the time ran out (empty when the queue drained).
    public func waitForQueue(
        timeout: TimeInterval?, environment: [String: String], scheddCommand: [String]
    ) throws(SimulatorError) -> [CondorJobID] {
        try state.create()
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        while true {
            let queued = state.queuedFileNames()
            if queued.isEmpty { return [] }
            if let deadline, Date() > deadline { return queued.compactMap { state.readJob($0)?.id } }
            try FileLock.holding(state.stateLock) { () throws(SimulatorError) in
                try startSchedd(scheddCommand, environment: environment)
            }
            usleep(100_000)
        }
    }

    /// Runs the queued jobs until the queue is empty; the body of the background schedd process.
    public func runSchedd() throws(SimulatorError) {
        try Schedd(state: state, settings: settings).run()
    }

    /// Every condor_submit call so far, oldest first.
    public func submissions() throws(SimulatorError) -> [SubmissionRecord] {
        try state.records()
    }

    // MARK: - Steps

    /// Builds and queues the jobs of the submit file at `path`; call with the state lock held.
    private func queue(
        _ path: String, directory: String, environment: [String: String]
    ) throws(SimulatorError) -> SubmitReceipt {
        let file: SubmitFile
        do {
            file = try SubmitFile(contentsOf: path)
        } catch {
            throw SimulatorError(error.description)
        }
        let cluster = try state.updateCounters { $0.nextCluster }
        var jobs: [SimulatedJob] = []
        for job in file.jobs(cluster: cluster, environment: environment) {
            jobs.append(try SimulatedJob(job, directory: directory, environment: environment, settings: settings))
        }
        try state.updateCounters { $0.nextCluster = cluster + 1 }
        let host = SimulatedHost.address(daemon: "schedd")
        let now = UserLogTimestamp(Date())
        for (log, logged) in Dictionary(grouping: jobs.filter { $0.log != nil }, by: { $0.log ?? "" }) {
            try UserLogAppender.append(logged.map { .submitted($0.id, at: now, host: host) }, to: log)
        }
        for job in jobs { try state.enqueue(job) }
        return SubmitReceipt(jobCount: jobs.count, cluster: cluster)
    }

    /// Starts a detached schedd process unless one holds the schedd lock; call with the state lock held.
    private func startSchedd(_ command: [String], environment: [String: String]) throws(SimulatorError) {
        guard !(try FileLock.isHeld(state.scheddLock)) else { return }
        var variables = environment
        variables["CONDOR_SIM_STATE"] = state.root
        do {
            _ = try ChildProcess.spawn(
                command, environment: variables, directory: state.root, output: state.scheddLog, error: nil)
        } catch {
            throw SimulatorError(
                "cannot start the simulator's schedd (\(command.joined(separator: " "))): \(error.message)")
        }
    }
}
