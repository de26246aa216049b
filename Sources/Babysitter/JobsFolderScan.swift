// Babysitter layer: one look at a jobs folder — which jobs exist (from jobs_config.yaml, else from the
// job_N.sub files), the four flag sets, and each job's HTCondor logs in logs/ (none yet is normal).

import Configuration
import Foundation
import Jobs

/// The flag sets and log files of a jobs folder at one instant.
public struct JobsFolderScan: Sendable {
    /// Every job index of the folder.
    public var jobs: [Int] = []
    /// The jobs holding each flag (a job may briefly hold two while job.sh moves it on).
    public var flags: [JobsFolder.Flag: Set<Int>] = [:]
    /// The user logs (`job_C.log`, `job_C.N.log`) in logs/.
    public var userLogs: [String] = []
    /// The stdout/stderr logs of each job, `logs/job_C.N.out|err`.
    public var jobLogs: [Int: [String]] = [:]

    /// The jobs holding `flag`.
    public func jobs(_ flag: JobsFolder.Flag) -> Set<Int> { flags[flag] ?? [] }

    /// The state shown for `index`, the most advanced flag it holds.
    public func state(of index: Int) -> JobsFolder.Flag? {
        [JobsFolder.Flag.done, .failed, .running, .idle].first { jobs($0).contains(index) }
    }

    /// Counts of jobs by shown state.
    public var counts: [JobsFolder.Flag: Int] {
        var counts: [JobsFolder.Flag: Int] = [:]
        for index in jobs { if let state = state(of: index) { counts[state, default: 0] += 1 } }
        return counts
    }

    /// Scans `folder`.
    public init(_ folder: JobsFolder, jobsList: [Int]?) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var fromSubs: [Int] = []
        for name in names where name.hasPrefix("job_") {
            let stem = name.dropFirst(4)
            guard let dot = stem.lastIndex(of: "."), let index = Int(stem[..<dot]) else { continue }
            let suffix = String(stem[stem.index(after: dot)...])
            if suffix == "sub" { fromSubs.append(index) }
            if let flag = JobsFolder.Flag(rawValue: suffix) { flags[flag, default: []].insert(index) }
        }
        jobs = (jobsList ?? fromSubs).sorted()
        let logNames = (try? FileManager.default.contentsOfDirectory(atPath: folder.logs)) ?? []
        for name in logNames.sorted() where name.hasPrefix("job_") {
            let path = folder.logs + "/" + name
            if name.hasSuffix(".log") {
                userLogs.append(path)
            } else if name.hasSuffix(".out") || name.hasSuffix(".err"),
                let index = Self.jobIndex(ofLog: name)
            {
                jobLogs[index, default: []].append(path)
            }
        }
    }

    /// The job index in `job_C.N.out|err|log`; `nil` for a batch log `job_C.log`.
    public static func jobIndex(ofLog name: String) -> Int? {
        let parts = name.dropFirst(4).split(separator: ".")
        guard parts.count == 3, Int(parts[0]) != nil else { return nil }
        return Int(parts[1])
    }

    /// The cluster in `job_C.log` or `job_C.N.*`.
    public static func cluster(ofLog name: String) -> Int? {
        name.hasPrefix("job_") ? name.dropFirst(4).split(separator: ".").first.flatMap { Int($0) } : nil
    }
}
