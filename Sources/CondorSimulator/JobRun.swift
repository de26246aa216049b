// Condor simulator: one run of a job, as a starter and shadow would do it.
//
//   start:  040 input transfer started → files copied into scratch/CLUSTER.PROC/ → 040 finished
//           → the executable started with its arguments → 001 executing
//           (a missing input file instead holds the job: 012, code 13, subcode errno)
//   exit:   040 output transfer → stdout/stderr to Output/Error, new top-level files to the submit
//           folder → 040 finished → OnExitRemove decides: 005 terminated, or 004 requeued (runs
//           again), or 012 held when it is undefined
//   limit:  past its wall time the job's process group gets SIGTERM, then SIGKILL 2 s later, and
//           the job is aborted with the SYSTEM_PERIODIC_REMOVE reason (009); nothing is transferred back.

import Condor
import Foundation

/// A job started on a slot of the simulated pool.
struct JobRun {
    /// The expression the abort reason quotes, as a pool enforcing +MaxRuntime might write it.
    static let periodicRemoveExpression = "(JobStatus == 2) && (time() - EnteredCurrentStatus > MaxRuntime)"
    /// How long a job may ignore SIGTERM before SIGKILL.
    static let killGrace: TimeInterval = 2

    private(set) var job: SimulatedJob
    let slot: Int
    private let scratch: String
    private let process: ChildProcess
    private let started: Date
    private let bytesReceived: Int
    /// Top-level names in the scratch folder after input transfer, with their modification times.
    private let inputStamps: [String: Date]
    private var terminatedAt: Date?
    private let settings: SimulatorSettings
    private let state: SimulatorState

    /// Starts `job` on `slot`, or returns `nil` when it went on hold before running.
    static func start(_ job: SimulatedJob, slot: Int, state: SimulatorState, settings: SimulatorSettings) -> JobRun? {
        let scratch = job.transfersFiles ? state.scratch + "/\(job.cluster).\(job.proc)" : job.submitDirectory
        var received = 0
        if job.transfersFiles {
            try? FileManager.default.removeItem(atPath: scratch)
            try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            log(
                [
                    .fileTransfer(
                        job.id, at: now(), stage: .inputStarted, host: SimulatedHost.address(daemon: "slot1_\(slot)"))
                ], job)
            do {
                for input in job.inputs { received += try transfer(input, into: scratch) }
            } catch {
                let reason =
                    "Transfer input files failure at access point \(SimulatedHost.name) while sending files to execution point "
                    + "\(SimulatedHost.slotName(slot)). Details: reading from file \(error.path): (errno \(error.code)) "
                    + String(cString: strerror(error.code))
                hold(job, reason: reason, code: 13, subcode: Int(error.code), state: state, scratch: scratch)
                return nil
            }
            log([.fileTransfer(job.id, at: now(), stage: .inputFinished)], job)
        }
        let inputStamps = topLevelStamps(scratch)
        let program =
            job.transfersExecutable ? scratch + "/" + (job.executable as NSString).lastPathComponent : job.executable
        let process: ChildProcess
        do {
            if job.transfersExecutable {
                try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program)
            }
            let stdin = job.input.map { job.transfersFiles ? scratch + "/" + ($0 as NSString).lastPathComponent : $0 }
            process = try ChildProcess.spawn(
                [program] + job.arguments, environment: environment(job, slot: slot, scratch: scratch),
                directory: scratch,
                input: stdin ?? "/dev/null",
                output: job.transfersFiles ? scratch + "/_condor_stdout" : job.output ?? "/dev/null",
                error: job.transfersFiles ? scratch + "/_condor_stderr" : job.error ?? "/dev/null")
        } catch {
            let reason =
                "Error from \(SimulatedHost.slotName(slot)): Failed to execute '\(program)': (errno=\(error.code): "
                + "'\(String(cString: strerror(error.code)))')"
            hold(job, reason: reason, code: 6, subcode: Int(error.code), state: state, scratch: scratch)
            return nil
        }
        log(
            [
                .executing(
                    job.id, at: now(), host: SimulatedHost.address(daemon: "startd"),
                    slotName: SimulatedHost.slotName(slot),
                    properties: [
                        "CondorScratchDir": "\"\(scratch)\"", "Cpus": String(job.requestCpus),
                        "Disk": String(job.requestDiskKB), "Memory": String(job.requestMemoryMB),
                    ])
            ], job)
        return JobRun(
            job: job, slot: slot, scratch: scratch, process: process, started: Date(), bytesReceived: received,
            inputStamps: inputStamps, terminatedAt: nil, settings: settings, state: state)
    }

    /// Moves the run on: enforces the wall time, and finishes the run once its process has exited.
    ///
    /// - Returns: whether the run is over (its slot is free).
    mutating func check() -> Bool {
        if let exit = process.poll() {
            if terminatedAt != nil {
                abortForWallTime()
            } else {
                finish(exit)
            }
            if job.transfersFiles { try? FileManager.default.removeItem(atPath: scratch) }
            return true
        }
        let now = Date()
        if let limit = job.wallTimeLimit, terminatedAt == nil, now.timeIntervalSince(started) > limit {
            terminatedAt = now
            process.signalGroup(SIGTERM)
        } else if let terminatedAt, now.timeIntervalSince(terminatedAt) > Self.killGrace {
            process.signalGroup(SIGKILL)
        }
        return false
    }

    // MARK: - Ends

    private mutating func finish(_ exit: ChildProcess.Exit) {
        var sent = 0
        if job.transfersFiles {
            log([.fileTransfer(job.id, at: Self.now(), stage: .outputStarted)], job)
            sent = transferOutput()
            log([.fileTransfer(job.id, at: Self.now(), stage: .outputFinished)], job)
        }
        job.completions += 1
        job.totalUserSeconds += exit.cpu.user
        job.totalSystemSeconds += exit.cpu.system
        job.totalBytesSent += sent
        job.totalBytesReceived += bytesReceived
        var statistics = UserLogEvent.RunStatistics()
        statistics.runRemote = exit.cpu
        statistics.totalRemote = UserLogEvent.CPUTime(user: job.totalUserSeconds, system: job.totalSystemSeconds)
        statistics.runBytesSent = sent
        statistics.runBytesReceived = bytesReceived
        statistics.totalBytesSent = job.totalBytesSent
        statistics.totalBytesReceived = job.totalBytesReceived
        switch job.exitPolicy.decide(exit.termination, completions: job.completions, attributes: job.attributes) {
        case .remove:
            let resources: [UserLogEvent.ResourceUse] = [
                .init(name: "Cpus", usage: nil, request: job.requestCpus, allocated: job.requestCpus),
                .init(
                    name: "Disk", usage: Self.sizeKB(scratch), request: job.requestDiskKB, allocated: job.requestDiskKB),
                .init(
                    name: "Memory", usage: (exit.maximumResidentKB + 1023) / 1024, request: job.requestMemoryMB,
                    allocated: job.requestMemoryMB),
            ]
            Self.log(
                [
                    .terminated(
                        job.id, at: Self.now(), termination: exit.termination, statistics: statistics,
                        resources: resources)
                ],
                job)
            state.dequeue(job)
        case .requeue(let reason):
            Self.log(
                [
                    .requeued(
                        job.id, at: Self.now(), termination: exit.termination, statistics: statistics, reason: reason)
                ],
                job)
            do {
                try state.enqueue(job)
            } catch {
                state.dequeue(job)
            }
        case .hold(let reason):
            Self.hold(job, reason: reason, code: 5, subcode: 0, state: state, scratch: nil)
        }
    }

    private func abortForWallTime() {
        let reason =
            settings.periodicRemoveReason
            ?? "The system macro SYSTEM_PERIODIC_REMOVE expression '\(Self.periodicRemoveExpression)' evaluated to TRUE"
        Self.log([.aborted(job.id, at: Self.now(), reason: reason)], job)
        state.dequeue(job)
    }

    private static func hold(
        _ job: SimulatedJob, reason: String, code: Int, subcode: Int, state: SimulatorState, scratch: String?
    ) {
        log([.held(job.id, at: now(), reason: reason, code: code, subcode: subcode)], job)
        state.dequeue(job, held: true)
        if job.transfersFiles, let scratch { try? FileManager.default.removeItem(atPath: scratch) }
    }

    // MARK: - Files

    /// Why an input could not be transferred.
    private struct TransferError: Error {
        var path: String
        var code: Int32
    }

    /// Copies `input` into `scratch` as HTCondor does: a file or a folder under its own name, the
    /// contents of a folder written with a trailing `/`.
    ///
    /// - Returns: the bytes copied.
    private static func transfer(_ input: String, into scratch: String) throws(TransferError) -> Int {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        let source = input.hasSuffix("/") ? String(input.dropLast()) : input
        guard manager.fileExists(atPath: source, isDirectory: &isFolder) else {
            throw TransferError(path: source, code: ENOENT)
        }
        let items =
            input.hasSuffix("/") && isFolder.boolValue
            ? ((try? manager.contentsOfDirectory(atPath: source)) ?? []).map { source + "/" + $0 } : [source]
        var bytes = 0
        for item in items {
            let target = scratch + "/" + (item as NSString).lastPathComponent
            try? manager.removeItem(atPath: target)
            do {
                try manager.copyItem(atPath: item, toPath: target)
            } catch {
                throw TransferError(path: item, code: EIO)
            }
            bytes += treeBytes(target)
        }
        return bytes
    }

    /// Copies the job's stdout and stderr to Output and Error, and new or changed top-level files to
    /// the submit folder (HTCondor's default when transfer_output_files is not set).
    ///
    /// - Returns: the bytes copied.
    private func transferOutput() -> Int {
        var bytes = 0
        let manager = FileManager.default
        let copies = [(scratch + "/_condor_stdout", job.output), (scratch + "/_condor_stderr", job.error)]
        for (source, target) in copies {
            guard let target else { continue }
            try? manager.removeItem(atPath: target)
            if (try? manager.copyItem(atPath: source, toPath: target)) != nil { bytes += Self.fileSize(target) }
        }
        for (name, stamp) in Self.topLevelStamps(scratch) where !name.hasPrefix("_condor_") {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: scratch + "/" + name, isDirectory: &isFolder), !isFolder.boolValue,
                inputStamps[name] != stamp
            else { continue }
            let target = job.submitDirectory + "/" + name
            try? manager.removeItem(atPath: target)
            if (try? manager.copyItem(atPath: scratch + "/" + name, toPath: target)) != nil {
                bytes += Self.fileSize(target)
            }
        }
        return bytes
    }

    private static func topLevelStamps(_ folder: String) -> [String: Date] {
        var stamps: [String: Date] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder + "/" + name)
            stamps[name] = attributes?[.modificationDate] as? Date ?? .distantPast
        }
        return stamps
    }

    private static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// The bytes of a file, or of every file under a folder.
    private static func treeBytes(_ path: String) -> Int {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            return fileSize(path)
        }
        var bytes = 0
        for case let name as String in FileManager.default.enumerator(atPath: path) ?? NSEnumerator() {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + name)
            if attributes?[.type] as? FileAttributeType == .typeRegular { bytes += fileSize(path + "/" + name) }
        }
        return bytes
    }

    /// The size of a file or folder tree in KiB, rounded up.
    private static func sizeKB(_ path: String) -> Int {
        (treeBytes(path) + 1023) / 1024
    }

    // MARK: - Job environment and log

    /// What the starter gives a job: its `getenv`/`environment` variables, then HTCondor's own.
    private static func environment(_ job: SimulatedJob, slot: Int, scratch: String) -> [String: String] {
        var environment = job.environment
        if environment["PATH"] == nil { environment["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
        for name in ["TMPDIR", "TMP", "TEMP", "_CONDOR_SCRATCH_DIR"] { environment[name] = scratch }
        environment["_CONDOR_SLOT"] = "slot1_\(slot)"
        environment["_CONDOR_JOB_IWD"] = job.submitDirectory
        environment["BATCH_SYSTEM"] = "HTCondor"
        environment["OMP_NUM_THREADS"] = String(job.requestCpus)
        return environment
    }

    private static func log(_ events: [UserLogEvent], _ job: SimulatedJob) {
        guard let path = job.log else { return }
        do {
            try UserLogAppender.append(events, to: path)
        } catch {
            FileHandle.standardError.write(Data("condor-sim schedd: \(error)\n".utf8))
        }
    }

    private func log(_ events: [UserLogEvent], _ job: SimulatedJob) { Self.log(events, job) }

    private static func now() -> UserLogTimestamp { UserLogTimestamp(Date()) }
}
