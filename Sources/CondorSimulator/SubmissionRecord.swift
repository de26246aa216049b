// Condor simulator: the log of every condor_submit call, one JSON object per line in the state
// folder's submissions.jsonl. Tests count submissions per submit file with it ("no job submitted twice").

import Foundation

/// One condor_submit call as the simulator saw it.
public struct SubmissionRecord: Codable, Sendable, Hashable {
    /// What became of the call.
    public enum Status: String, Codable, Sendable {
        /// Jobs were queued.
        case submitted
        /// The submit file was refused (a parse error, a missing executable, …).
        case rejected
        /// Failure injected with CONDOR_SIM_FAIL_SUBMIT.
        case failed
    }

    /// When it happened, ISO 8601 UTC.
    public var time: String
    /// The call's number among all calls, from 1.
    public var attempt: Int
    public var status: Status
    /// The cluster created, when jobs were queued.
    public var cluster: Int?
    /// How many jobs were queued.
    public var jobs: Int
    /// The submit file, absolute.
    public var file: String
    /// The folder condor_submit ran in.
    public var directory: String
    /// Why it was rejected or failed.
    public var message: String?
}
