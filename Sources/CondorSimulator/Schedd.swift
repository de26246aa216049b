// Condor simulator: the schedd, a background process that runs the queued jobs of a state folder,
// at most `maximumRunningJobs` at once, in id order. One process, one thread: it polls its running
// jobs and the queue folder every 50 ms. It holds schedd.lock while alive (so condor_submit knows
// whether to start one) and exits once the queue has stayed empty for a second; the check before
// leaving is made under the state lock, so a job queued at that moment is never left behind.

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct Schedd {
    static let pollInterval: useconds_t = 50_000
    static let idleLinger: TimeInterval = 1

    let state: SimulatorState
    let settings: SimulatorSettings

    /// Runs the queue until it is empty; returns at once if another schedd is running.
    func run() throws(SimulatorError) {
        try state.create()
        guard let lock = try FileLock(state.scheddLock, wait: false) else { return }
        var freeSlots = Array((1...settings.maximumRunningJobs).reversed())
        var running: [String: JobRun] = [:]
        var idleSince = Date()
        while true {
            for name in running.keys.sorted() {
                guard var run = running[name] else { continue }
                if run.check() {
                    running[name] = nil
                    freeSlots.append(run.slot)
                } else {
                    running[name] = run
                }
            }
            if !freeSlots.isEmpty {
                for name in state.queuedFileNames() where running[name] == nil {
                    guard let slot = freeSlots.popLast() else { break }
                    guard let job = state.readJob(name) else {
                        FileHandle.standardError.write(
                            Data("condor-sim schedd: unreadable queue file \(name) set aside\n".utf8))
                        try? FileManager.default.moveItem(
                            atPath: state.queue + "/" + name, toPath: state.held + "/" + name)
                        freeSlots.append(slot)
                        continue
                    }
                    if let run = JobRun.start(job, slot: slot, state: state, settings: settings) {
                        running[name] = run
                    } else {
                        freeSlots.append(slot)
                    }
                }
            }
            if !running.isEmpty {
                idleSince = Date()
            } else if Date().timeIntervalSince(idleSince) > Self.idleLinger {
                let finished = try FileLock.holding(state.stateLock) { () throws(SimulatorError) -> Bool in
                    guard state.queuedFileNames().isEmpty else { return false }
                    lock.unlock()
                    return true
                }
                if finished { return }
                idleSince = Date()
            }
            usleep(Self.pollInterval)
        }
    }
}
