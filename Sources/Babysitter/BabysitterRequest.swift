// Babysitter layer: what `check-jobs` was asked to do, as plain values the CLI fills in.

import Foundation
import Jobs

/// How the progress table groups jobs.
public enum ProgressGrouping: String, Sendable, CaseIterable {
    /// By the `sample` metadata of each job's datasets.
    case sample
    /// By dataset name.
    case dataset
    /// No per-group table.
    case none
}

/// The options of one check-jobs session.
public struct BabysitterRequest: Sendable {
    /// The jobs folder.
    public var folder: JobsFolder
    /// Whether failed jobs are resubmitted.
    public var resubmit = false
    /// Resubmissions of one job before it is given up.
    public var maxResubmit = 4
    /// A site with more failed reads than this is blacklisted.
    public var blacklistThreshold = 3
    /// Queue steps a job aborted by its time limit is moved up.
    public var queueShift = 1
    /// How the progress table groups jobs.
    public var grouping = ProgressGrouping.sample
    /// Seconds between polls.
    public var pollInterval: Double = 30
    /// The condor_submit program (a name on PATH, or a path).
    public var submitter = "condor_submit"
    /// The environment for Rucio and the site map.
    public var environment: [String: String] = ProcessInfo.processInfo.environment

    public init(folder: JobsFolder) {
        self.folder = folder
    }

    /// The jobs folder `path` names: itself, or the single `job/` folder inside a parent folder.
    public static func jobsFolder(at path: String) -> JobsFolder {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let manager = FileManager.default
        if !manager.fileExists(atPath: absolute + "/" + JobsFolder.jobsConfigFileName),
            manager.fileExists(atPath: absolute + "/job/" + JobsFolder.jobsConfigFileName)
        {
            return JobsFolder(path: absolute + "/job")
        }
        return JobsFolder(path: absolute)
    }
}
