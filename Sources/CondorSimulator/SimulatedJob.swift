// Condor simulator: one queued job, everything the schedd needs to run it, resolved at submit time
// (paths absolute, macros expanded, wall time already scaled). Stored as JSON in the state folder's
// queue/ until the job leaves the queue.

import Condor
import Foundation

/// A job in the simulator's queue.
struct SimulatedJob: Codable, Sendable, Hashable {
    var cluster: Int
    var proc: Int
    /// `initialdir`, or the folder condor_submit ran in.
    var submitDirectory: String
    var executable: String
    var arguments: [String]
    /// Absolute paths, a trailing `/` kept (it means "the folder's contents").
    var inputs: [String]
    /// Whether files are transferred (`should_transfer_files` not NO); otherwise the job runs in ``submitDirectory``.
    var transfersFiles: Bool
    /// Whether the executable is copied into the scratch folder (`transfer_executable`, true by default).
    var transfersExecutable: Bool
    /// The file the job reads on stdin (`input`).
    var input: String?
    var output: String?
    var error: String?
    var log: String?
    /// The wall-time limit in seconds, already scaled.
    var wallTimeLimit: Double?
    var requestCpus: Int
    var requestMemoryMB: Int
    var requestDiskKB: Int
    /// Decides, at each exit, between leaving the queue and running again.
    var exitPolicy: ExitPolicy
    /// The job's `MY.` attributes (names lower-cased, without `MY.`), unparsed, for its exit policy.
    var attributes: [String: String]
    /// Variables the job starts with besides HTCondor's own (`getenv`).
    var environment: [String: String]
    /// How many times the job has exited so far (NumJobCompletions).
    var completions = 0
    /// CPU time and bytes over all runs, for the totals of the termination event.
    var totalUserSeconds = 0
    var totalSystemSeconds = 0
    var totalBytesSent = 0
    var totalBytesReceived = 0

    var id: CondorJobID { CondorJobID(cluster: cluster, proc: proc) }

    /// The queue file name: `CLUSTER.PROC.json`, sorted by id when the cluster and proc are zero-padded.
    var fileName: String {
        let cluster = String(self.cluster)
        let proc = String(self.proc)
        return String(repeating: "0", count: max(0, 10 - cluster.count)) + cluster + "."
            + String(repeating: "0", count: max(0, 6 - proc.count)) + proc + ".json"
    }
}
