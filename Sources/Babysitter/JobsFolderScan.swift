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
    /// For a job caught holding several flags, the newest one: job.sh, recreate and check-jobs create
    /// the new flag before removing the old ones, so the newest is where the job is.
    var newestFlag: [Int: JobsFolder.Flag] = [:]
    /// The user logs (`job_C.log`, `job_C.N.log`) in logs/.
    public var userLogs: [String] = []
    /// The stdout/stderr logs of each job, `logs/job_C.N.out|err`.
    public var jobLogs: [Int: [String]] = [:]

    /// The jobs holding `flag`.
    public func jobs(_ flag: JobsFolder.Flag) -> Set<Int> { flags[flag] ?? [] }

    /// The state of `index`: its flag, the newest one when it holds several.
    public func state(of index: Int) -> JobsFolder.Flag? {
        newestFlag[index] ?? [JobsFolder.Flag.done, .failed, .running, .idle].first { jobs($0).contains(index) }
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
        newestFlag = Self.newestFlags(in: folder, flags: flags)
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

    /// The newest flag of each job holding several (by modification time; a flag removed since the
    /// listing no longer counts; equal times keep the most advanced).
    private static func newestFlags(in folder: JobsFolder, flags: [JobsFolder.Flag: Set<Int>]) -> [Int:
        JobsFolder.Flag]
    {
        var held: [Int: [JobsFolder.Flag]] = [:]
        for (flag, indices) in flags {
            for index in indices { held[index, default: []].append(flag) }
        }
        var newest: [Int: JobsFolder.Flag] = [:]
        for (index, several) in held where several.count > 1 {
            var best: (flag: JobsFolder.Flag, time: timespec)?
            for flag in [JobsFolder.Flag.done, .failed, .running, .idle] where several.contains(flag) {
                var info = stat()
                guard stat(folder.flagFile(index, flag), &info) == 0 else { continue }
                let time = info.st_mtim
                if let current = best,
                    (current.time.tv_sec, current.time.tv_nsec) >= (time.tv_sec, time.tv_nsec)
                {
                    continue
                }
                best = (flag, time)
            }
            if let best { newest[index] = best.flag }
        }
        return newest
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
