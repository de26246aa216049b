// Babysitter layer: --resubmit. A failed job is resubmitted through Jobs' recreate code (its failed
// input appended to xrootdfaillist.txt and rewritten to another replica through Rucio, files at
// blacklisted sites moved away, its logs moved to logs/processedlogs/, `condor_submit job_N.sub`, the flag
// back to idle only when condor_submit accepted it). The submission is saved as in flight before
// condor_submit runs; ``reconcile(_:)`` settles what a killed session left in flight.

import Configuration
import Foundation
import Grid
import Jobs

extension Babysitter {
    /// Resubmits every failed job that is not given up, blacklisting sites first.
    func resubmitFailed(_ scan: JobsFolderScan) throws(BabysitterError) {
        let failed = scan.jobs.filter { scan.state(of: $0) == .failed && !state.givenUp.contains($0) }
        guard !failed.isEmpty else { return }
        try updateBlacklist()
        for index in failed {
            let attempt = (state.attempts[index] ?? 0) + 1
            guard attempt <= request.maxResubmit else {
                state.givenUp.insert(index)
                try save()
                log("\(JobsFolder.jobName(index)) failed after \(request.maxResubmit) resubmissions: given up")
                continue
            }
            try resubmit(index, attempt: attempt, scan: scan)
        }
    }

    private func resubmit(_ index: Int, attempt: Int, scan: JobsFolderScan) throws(BabysitterError) {
        let name = JobsFolder.jobName(index)
        let known = knownClusters(of: index)
        state.inFlight[index] = .init(attempt: attempt, knownClusters: known.sorted())
        try save()
        var recreate = RecreateRequest(folder: folder, selection: .indices([index]))
        recreate.blocklist = state.blacklisted.sorted()
        recreate.environment = request.environment
        recreate.submitter = request.submitter
        let recreator = JobRecreator(request: recreate, log: log, warn: log)
        do {
            let summary = try recreator.run()
            if let receipt = summary.submitted[index] {
                state.attempts[index] = attempt
                state.clusters[index, default: []].insert(receipt.cluster)
                moveLogs(of: index, clusters: known)
                log("\(name) resubmitted (attempt \(attempt) of \(request.maxResubmit))")
            } else {
                summary.failures.forEach { log("resubmission failed: \($0)") }
            }
        } catch {
            log("cannot resubmit \(name): \(error.description)")
        }
        state.inFlight[index] = nil
        try save()
    }

    /// Settles the submissions a previous session saved as in flight: a job whose flag moved on from
    /// failed, or whose logs show a cluster unknown before, was submitted — its flag is set to idle if the
    /// session died before doing it, unless the new cluster already started (then job.sh owns the flag,
    /// and a failed flag is a new failure); any other was not submitted, and stays failed for this
    /// session to resubmit.
    func reconcile(_ scan: JobsFolderScan) throws(BabysitterError) {
        guard !state.inFlight.isEmpty else { return }
        for (index, submission) in state.inFlight.sorted(by: { $0.key < $1.key }) {
            let name = JobsFolder.jobName(index)
            let moved =
                scan.jobs(.idle).contains(index) || scan.jobs(.running).contains(index)
                || scan.jobs(.done).contains(index)
            let newClusters = knownClusters(of: index).subtracting(submission.knownClusters)
            if moved || !newClusters.isEmpty {
                state.attempts[index] = max(state.attempts[index] ?? 0, submission.attempt)
                state.clusters[index, default: []].formUnion(newClusters)
                if !moved && !ran(index, in: newClusters) { setFlag(index, .idle) }
                log("\(name): the resubmission of the previous session went through (attempt \(submission.attempt))")
            } else {
                log("\(name): the previous session stopped before resubmitting it")
            }
            state.inFlight[index] = nil
        }
        try save()
    }

    /// Moves the .out/.err of job `index`'s earlier clusters to logs/processedlogs/ (recreate moved those
    /// that showed an XRootD failure already).
    private func moveLogs(of index: Int, clusters: Set<Int>) {
        try? FileManager.default.createDirectory(atPath: folder.processedLogs, withIntermediateDirectories: true)
        for cluster in clusters {
            for suffix in [".out", ".err"] {
                let name = "job_\(cluster).\(index)\(suffix)"
                rename(folder.logs + "/" + name, folder.processedLogs + "/" + name)
            }
        }
    }

    /// Whether job `index` started in one of `clusters`: its user log shows the execute event (001) —
    /// written when the job starts, before job.sh moves its flag — or it left a .out or .err.
    private func ran(_ index: Int, in clusters: Set<Int>) -> Bool {
        clusters.contains { cluster in
            // A job's own log holds its events only; the batch log (jobs_all.sub) every job's, by proc.
            let userLogs = [
                ("\(folder.logs)/job_\(cluster).\(index).log", "001 ("),
                ("\(folder.logs)/job_\(cluster).log", String(format: "001 (%03d.%03d.", cluster, index)),
            ]
            let started = userLogs.contains { path, header in
                let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
                return text.hasPrefix(header) || text.contains("\n" + header)
            }
            return started
                || [folder.logs, folder.processedLogs].contains { logs in
                    [".out", ".err"].contains {
                        FileManager.default.fileExists(atPath: "\(logs)/job_\(cluster).\(index)\($0)")
                    }
                }
        }
    }

    /// The clusters job `index` is known by: from events read and from its log files' names.
    func knownClusters(of index: Int) -> Set<Int> {
        var clusters = state.clusters[index] ?? []
        for logs in [folder.logs, folder.processedLogs] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: logs)) ?? []
            for name in names where JobsFolderScan.jobIndex(ofLog: name) == index {
                if let cluster = JobsFolderScan.cluster(ofLog: name) { clusters.insert(cluster) }
            }
        }
        return clusters
    }

    /// Blacklists the sites with more than --blacklist-threshold failed reads in xrootdfaillist.txt.
    func updateBlacklist() throws(BabysitterError) {
        let text = String(
            decoding: FileManager.default.contents(atPath: folder.failedInputsList) ?? Data(), as: UTF8.self)
        let urls = text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        guard urls.count > request.blacklistThreshold else { return }
        let (siteMap, _) = SiteMapCache(environment: request.environment).load()
        let resolver = ReplicaResolver(siteMap: siteMap, catalog: nil, log: { _ in })
        var failures: [String: Int] = [:]
        for url in urls {
            guard let site = resolver.site(of: url) else { continue }
            failures[site, default: 0] += 1
        }
        for (site, count) in failures.sorted(by: { $0.key < $1.key })
        where count > request.blacklistThreshold && !state.blacklisted.contains(site) {
            state.blacklisted.insert(site)
            log("Blacklisting \(site): \(count) failed reads (threshold \(request.blacklistThreshold))")
        }
        try save()
    }
}
