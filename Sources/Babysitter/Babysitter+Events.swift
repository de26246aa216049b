// Babysitter layer: the HTCondor user-log events check-jobs acts on. An abort (009) by
// SYSTEM_PERIODIC_REMOVE is a job that hit its +JobFlavour time limit: it is marked failed, its
// `cluster.proc` goes into maxtime.txt once, and job_N.sub's +JobFlavour moves up by --queue-shift. Any
// other abort marks the job failed with its reason. Holds (012) are reported until released (013).

import Condor
import Configuration
import Foundation
import Jobs

extension Babysitter {
    /// maxtime.txt: one `cluster.proc` per job aborted by its time limit.
    var maxTimeList: String { folder.path + "/maxtime.txt" }

    /// Reads the user logs' new events and acts on them.
    func handleEvents(_ scan: JobsFolderScan) throws(BabysitterError) {
        let poll = reader.poll(scan.userLogs)
        for (path, error) in poll.errors.sorted(by: { $0.key < $1.key }) {
            log("cannot read \(path): \(error.description)")
        }
        for path in poll.events.keys.sorted() {
            let name = (path as NSString).lastPathComponent
            let fixedIndex = JobsFolderScan.jobIndex(ofLog: name)
            for event in poll.events[path] ?? [] {
                let index = fixedIndex ?? event.job.proc
                state.clusters[index, default: []].insert(event.job.cluster)
                switch event.kind {
                case .jobAborted:
                    try handleAbort(event, index: index, scan: scan)
                case .jobHeld:
                    let reason = event.hold?.reason ?? "no reason given"
                    if holds[index] == nil { log("\(JobsFolder.jobName(index)) (\(event.job)) is held: \(reason)") }
                    holds[index] = reason
                case .jobReleased, .jobTerminated, .execute:
                    holds[index] = nil
                default:
                    break
                }
            }
        }
    }

    private func handleAbort(_ event: UserLogEvent, index: Int, scan: JobsFolderScan) throws(BabysitterError) {
        let key = event.job.description
        guard !state.handledAborts.contains(key) else { return }
        let name = JobsFolder.jobName(index)
        let abort = event.abort ?? UserLogEvent.Abort(reason: nil)
        holds[index] = nil
        if scan.state(of: index) != .done, latestCluster(of: index) <= event.job.cluster {
            setFlag(index, .failed)
        }
        if abort.isSystemPeriodicRemove {
            log("\(name) (\(key)) was removed at its time limit: \(abort.reason ?? "SYSTEM_PERIODIC_REMOVE")")
            try recordMaxTime(key)
            try bumpQueue(index, key: key)
        } else {
            log("\(name) (\(key)) was aborted: \(abort.reason ?? "no reason given")")
        }
        state.pendingBumps[key] = nil
        state.handledAborts.insert(key)
        try save()
    }

    /// The newest cluster known for job `index`.
    func latestCluster(of index: Int) -> Int { state.clusters[index]?.max() ?? 0 }

    private func recordMaxTime(_ key: String) throws(BabysitterError) {
        let text = String(decoding: FileManager.default.contents(atPath: maxTimeList) ?? Data(), as: UTF8.self)
        let lines = text.split(separator: "\n").map(String.init)
        guard !lines.contains(key) else { return }
        try write((lines + [key]).joined(separator: "\n") + "\n", to: maxTimeList)
    }

    /// Moves job_N.sub's +JobFlavour up by --queue-shift; the target is saved first, so a restart after a
    /// kill sets the same queue instead of bumping twice.
    private func bumpQueue(_ index: Int, key: String) throws(BabysitterError) {
        let path = folder.submitFile(index)
        guard let data = FileManager.default.contents(atPath: path) else {
            log("\(JobsFolder.jobName(index)).sub is missing; its queue cannot be bumped")
            return
        }
        var edit = SubmitFileEdit(text: String(decoding: data, as: UTF8.self))
        guard let current = edit.value(of: "+JobFlavour")?.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        else {
            log("\(JobsFolder.jobName(index)).sub has no +JobFlavour; its queue is left as it is")
            return
        }
        let target: String
        if let pending = state.pendingBumps[key] {
            target = pending
        } else if let flavour = JobFlavour(rawValue: current) {
            target = flavour.bumped(by: request.queueShift).rawValue
            state.pendingBumps[key] = target
            try save()
        } else {
            log("\(JobsFolder.jobName(index)).sub has an unknown +JobFlavour '\(current)'; left as it is")
            return
        }
        guard target != current else {
            if JobFlavour(rawValue: current) == JobFlavour.allCases.last {
                log("\(JobsFolder.jobName(index)) is already in the longest queue, \(current)")
            }
            return
        }
        edit.set("+JobFlavour", SubmitValue.classAdString(target))
        try write(edit.text, to: path)
        log("Bumping \(JobsFolder.jobName(index)) from \(current) to \(target)")
    }

    func write(_ text: String, to path: String) throws(BabysitterError) {
        do {
            try AtomicFile.write(text, to: path)
        } catch {
            throw BabysitterError("cannot write \(path): \(error.description)")
        }
    }
}
