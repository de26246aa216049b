// Condor simulator: the state folder shared by condor_submit calls and the schedd.
//
//   <state>/
//     counters.json        next cluster id and submission count (changed under state.lock)
//     submissions.jsonl    one SubmissionRecord per condor_submit call
//     queue/CLUSTER.PROC.json   jobs waiting or running; removed when a job leaves the queue
//     held/CLUSTER.PROC.json    held jobs (the simulator has no condor_release)
//     scratch/CLUSTER.PROC/     a running job's scratch folder
//     state.lock  schedd.lock   schedd.log

import Foundation

/// The paths and shared files of a simulator state folder.
struct SimulatorState: Sendable {
    let root: String

    var queue: String { root + "/queue" }
    var held: String { root + "/held" }
    var scratch: String { root + "/scratch" }
    var stateLock: String { root + "/state.lock" }
    var scheddLock: String { root + "/schedd.lock" }
    var scheddLog: String { root + "/schedd.log" }
    var submissions: String { root + "/submissions.jsonl" }
    private var counters: String { root + "/counters.json" }

    /// The numbers that must never repeat.
    struct Counters: Codable {
        var nextCluster = 1
        var submissions = 0
    }

    /// Creates the folder layout if missing.
    func create() throws(SimulatorError) {
        for folder in [root, queue, held, scratch] {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw SimulatorError(
                    "cannot create the simulator state folder \(folder): \(error.localizedDescription)")
            }
        }
    }

    /// Reads, changes and writes back the counters; call with ``stateLock`` held.
    func updateCounters<T>(_ change: (inout Counters) -> T) throws(SimulatorError) -> T {
        var values = Counters()
        if let data = FileManager.default.contents(atPath: counters) {
            do {
                values = try JSONDecoder().decode(Counters.self, from: data)
            } catch {
                throw SimulatorError("\(counters) is damaged (\(error)); delete the state folder \(root) to start over")
            }
        }
        let result = change(&values)
        try write(Self.json(values), to: counters)
        return result
    }

    /// Appends `record` to the submission log.
    func append(_ record: SubmissionRecord) throws(SimulatorError) {
        let line = try Self.json(record) + Data("\n".utf8)
        guard let handle = FileHandle(forUpdatingAtPath: submissions) ?? create(submissions) else {
            throw SimulatorError("cannot write the submission log \(submissions)")
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
        } catch {
            throw SimulatorError("cannot write the submission log \(submissions): \(error.localizedDescription)")
        }
    }

    /// Every submission logged so far.
    func records() throws(SimulatorError) -> [SubmissionRecord] {
        guard let data = FileManager.default.contents(atPath: submissions) else { return [] }
        var records: [SubmissionRecord] = []
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            do {
                records.append(try JSONDecoder().decode(SubmissionRecord.self, from: Data(line)))
            } catch {
                throw SimulatorError("\(submissions) has a damaged line: \(String(decoding: line, as: UTF8.self))")
            }
        }
        return records
    }

    // MARK: - Jobs

    /// The queue file names, in id order.
    func queuedFileNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: queue)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    func readJob(_ fileName: String, in folder: String? = nil) -> SimulatedJob? {
        guard let data = FileManager.default.contents(atPath: (folder ?? queue) + "/" + fileName) else { return nil }
        return try? JSONDecoder().decode(SimulatedJob.self, from: data)
    }

    /// Writes `job` into the queue (atomically).
    func enqueue(_ job: SimulatedJob) throws(SimulatorError) {
        try write(Self.json(job), to: queue + "/" + job.fileName)
    }

    /// Removes `job` from the queue, keeping it under held/ when `held`.
    func dequeue(_ job: SimulatedJob, held isHeld: Bool = false) {
        let path = queue + "/" + job.fileName
        if isHeld {
            try? FileManager.default.removeItem(atPath: held + "/" + job.fileName)
            try? FileManager.default.moveItem(atPath: path, toPath: held + "/" + job.fileName)
        } else {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    // MARK: - Files

    /// Writes `data` to `path` through a temporary file and a rename.
    private func write(_ data: Data, to path: String) throws(SimulatorError) {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SimulatorError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    private func create(_ path: String) -> FileHandle? {
        FileManager.default.createFile(atPath: path, contents: nil)
        return FileHandle(forUpdatingAtPath: path)
    }
}

extension SimulatorState {
    /// `value` as JSON with sorted keys.
    static func json(_ value: some Encodable) throws(SimulatorError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return try encoder.encode(value)
        } catch {
            throw SimulatorError("cannot encode \(type(of: value)): \(error)")
        }
    }
}
