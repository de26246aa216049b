// Babysitter layer: what check-jobs must remember across a restart, kept in `.check-jobs-state.json` in
// the jobs folder and rewritten atomically (temp + rename) after every change. A submission is recorded
// as in flight *before* condor_submit runs; on start, each one still in flight is reconciled with what
// the folder shows (see ``Babysitter``), so a kill at any instant neither loses a job nor submits twice.

import Configuration
import Foundation

/// The persisted memory of check-jobs.
public struct BabysitterState: Codable, Sendable, Equatable {
    /// A resubmission whose outcome was not yet recorded.
    public struct Submission: Codable, Sendable, Equatable {
        /// The attempt this submission is (1 for the first resubmission).
        public var attempt: Int
        /// The HTCondor clusters of the job that were known before condor_submit ran.
        public var knownClusters: [Int]

        public init(attempt: Int, knownClusters: [Int]) {
            self.attempt = attempt
            self.knownClusters = knownClusters
        }
    }

    /// The file's name inside the jobs folder.
    public static let fileName = ".check-jobs-state.json"

    /// Resubmissions done per job index.
    public var attempts: [Int: Int] = [:]
    /// Jobs given up after `--max-resubmit` attempts.
    public var givenUp: Set<Int> = []
    /// Aborts already handled, as `cluster.proc`.
    public var handledAborts: Set<String> = []
    /// The queue an abort's job is being moved to, saved before job_N.sub is edited (by `cluster.proc`).
    public var pendingBumps: [String: String] = [:]
    /// Sites already blacklisted (announced once).
    public var blacklisted: Set<String> = []
    /// Submissions written as intent and not yet confirmed, by job index.
    public var inFlight: [Int: Submission] = [:]
    /// The HTCondor cluster of each job index seen in its logs or receipts.
    public var clusters: [Int: Set<Int>] = [:]

    public init() {}

    /// The state file of `folder`.
    public static func path(in folder: String) -> String { folder + "/" + fileName }

    /// Reads the state of `folder`; a missing file is a fresh state.
    ///
    /// - Throws: ``BabysitterError`` when the file exists but is not a state file.
    public static func load(from folder: String) throws(BabysitterError) -> BabysitterState {
        let path = path(in: folder)
        guard let data = FileManager.default.contents(atPath: path) else { return BabysitterState() }
        do {
            return try JSONDecoder().decode(BabysitterState.self, from: data)
        } catch {
            throw BabysitterError(
                "\(path) is not a check-jobs state file: \(error)",
                fix: "remove it only if no check-jobs is resubmitting in this folder (attempt counts restart at 0)")
        }
    }

    /// Writes the state into `folder` atomically.
    public func save(in folder: String) throws(BabysitterError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        do {
            let data = try encoder.encode(self)
            try AtomicFile.write(Array(data) + [10], to: Self.path(in: folder))
        } catch let error as ConfigurationError {
            throw BabysitterError("cannot save check-jobs state: \(error.description)")
        } catch {
            throw BabysitterError("cannot encode check-jobs state: \(error)")
        }
    }
}
