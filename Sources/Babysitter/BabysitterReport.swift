// Babysitter layer: what one poll found, for the terminal and plain renderers.

import Foundation
import Jobs

/// The outcome of one poll.
public struct BabysitterReport: Sendable {
    /// When the poll ran.
    public var time = Date()
    /// The jobs folder.
    public var folder: String
    /// The number of jobs.
    public var total = 0
    /// Jobs by shown state.
    public var counts: [JobsFolder.Flag: Int] = [:]
    /// The state of each job.
    public var states: [Int: JobsFolder.Flag] = [:]
    /// The diagnosis of each failed job.
    public var failures: [Int: FailureDiagnosis] = [:]
    /// Jobs currently held, with the hold reason.
    public var holds: [Int: String] = [:]
    /// Jobs given up after too many resubmissions.
    public var givenUp: [Int] = []
    /// Resubmissions done per job.
    public var attempts: [Int: Int] = [:]
    /// The per-group progress, slowest first.
    public var groups: [ProgressGroup] = []
    /// Whether some job reads datasets of several groups (it then counts in each).
    public var jobsSpanGroups = false

    /// An empty report of `folder`.
    public init(folder: String) {
        self.folder = folder
    }

    /// The count of jobs in `flag`.
    public func count(_ flag: JobsFolder.Flag) -> Int { counts[flag] ?? 0 }

    /// Whether every job is done or failed.
    public var isComplete: Bool { total > 0 && count(.done) + count(.failed) == total }
}
