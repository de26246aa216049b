// Condor layer: events as HTCondor writes them (condor_event.cpp formatHeader / formatBody), for the
// HTCondor simulator and for tests that need real-looking logs. Tabs and spacing are HTCondor's:
//
//   005 (1234.000.000) 2024-08-02 15:45:19 Job terminated.
//   \t(1) Normal termination (return value 0)
//   \t\tUsr 0 00:00:00, Sys 0 00:00:00  -  Run Remote Usage      (and Run Local, Total Remote, Total Local)
//   \t0  -  Run Bytes Sent By Job                                  (and Received, Total Sent, Total Received)
//   \tPartitionable Resources :    Usage  Request Allocated
//   \t   Cpus                 :                 1         1
//   ...

extension UserLogEvent {
    /// CPU time used by a job, whole seconds.
    public struct CPUTime: Sendable, Hashable {
        public var user: Int
        public var system: Int

        public init(user: Int = 0, system: Int = 0) {
            self.user = user
            self.system = system
        }

        /// `Usr D HH:MM:SS, Sys D HH:MM:SS` (formatRusage).
        var text: String { "Usr \(Self.duration(user)), Sys \(Self.duration(system))" }

        private static func duration(_ seconds: Int) -> String {
            let two = { (value: Int) in value < 10 ? "0\(value)" : String(value) }
            return "\(seconds / 86400) \(two(seconds / 3600 % 24)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
        }
    }

    /// The CPU times and byte counts of a termination or eviction.
    public struct RunStatistics: Sendable, Hashable {
        /// CPU time of this run on the execution point.
        public var runRemote = CPUTime()
        /// CPU time of this run on the access point.
        public var runLocal = CPUTime()
        /// CPU time of all runs on execution points.
        public var totalRemote = CPUTime()
        /// CPU time of all runs on the access point.
        public var totalLocal = CPUTime()
        /// Bytes the job sent (output) in this run.
        public var runBytesSent = 0
        /// Bytes the job received (input) in this run.
        public var runBytesReceived = 0
        /// Bytes sent over all runs.
        public var totalBytesSent = 0
        /// Bytes received over all runs.
        public var totalBytesReceived = 0

        public init() {}
    }

    /// A row of the `Partitionable Resources` table of a termination.
    public struct ResourceUse: Sendable, Hashable {
        /// `Cpus`, `Disk` (KiB) or `Memory` (MB).
        public var name: String
        /// What the job used, if measured.
        public var usage: Int?
        /// What the job requested.
        public var request: Int
        /// What the slot gave it.
        public var allocated: Int

        public init(name: String, usage: Int?, request: Int, allocated: Int) {
            self.name = name
            self.usage = usage
            self.request = request
            self.allocated = allocated
        }
    }

    // MARK: - Events

    /// 000: `Job submitted from host: HOST`, then optional notes (a DAG node name, …).
    public static func submitted(
        _ job: CondorJobID, at time: UserLogTimestamp, host: String, notes: [String] = []
    ) -> UserLogEvent {
        UserLogEvent(
            kind: .submit, job: job, timestamp: time, text: "Job submitted from host: \(host)",
            body: notes.map { "    " + $0 })
    }

    /// 001: `Job executing on host: HOST`, the slot name and the slot's properties, sorted by name.
    public static func executing(
        _ job: CondorJobID, at time: UserLogTimestamp, host: String, slotName: String?,
        properties: [String: String] = [:]
    ) -> UserLogEvent {
        let slot = slotName.map { ["\tSlotName: \($0)"] } ?? []
        let props = properties.keys.sorted { $0.lowercased() < $1.lowercased() }.map {
            "\t\($0) = \(properties[$0] ?? "")"
        }
        return UserLogEvent(
            kind: .execute, job: job, timestamp: time, text: "Job executing on host: \(host)", body: slot + props)
    }

    /// 040: a file-transfer step, with the host files go to (written for `inputStarted`).
    public static func fileTransfer(
        _ job: CondorJobID, at time: UserLogTimestamp, stage: TransferStage, host: String? = nil
    ) -> UserLogEvent {
        UserLogEvent(
            kind: .fileTransfer, job: job, timestamp: time, text: stage.rawValue,
            body: host.map { ["\tTransferring to host: \($0)"] } ?? [])
    }

    /// 005: `Job terminated.` with how, the CPU times, the byte counts and the resources table.
    public static func terminated(
        _ job: CondorJobID, at time: UserLogTimestamp, termination: Termination, statistics: RunStatistics,
        resources: [ResourceUse] = []
    ) -> UserLogEvent {
        let s = statistics
        var body = terminationLines(termination)
        body += [
            "\t\t\(s.runRemote.text)  -  Run Remote Usage", "\t\t\(s.runLocal.text)  -  Run Local Usage",
            "\t\t\(s.totalRemote.text)  -  Total Remote Usage", "\t\t\(s.totalLocal.text)  -  Total Local Usage",
            "\t\(s.runBytesSent)  -  Run Bytes Sent By Job", "\t\(s.runBytesReceived)  -  Run Bytes Received By Job",
            "\t\(s.totalBytesSent)  -  Total Bytes Sent By Job",
            "\t\(s.totalBytesReceived)  -  Total Bytes Received By Job",
        ]
        body += resourceTable(resources)
        return UserLogEvent(kind: .jobTerminated, job: job, timestamp: time, text: "Job terminated.", body: body)
    }

    /// 004 as the shadow writes it when a job exited but its `on_exit_remove` kept it in the queue.
    public static func requeued(
        _ job: CondorJobID, at time: UserLogTimestamp, termination: Termination, statistics: RunStatistics,
        reason: String
    ) -> UserLogEvent {
        let s = statistics
        var body = [
            "\t(0) Job terminated and was requeued",
            "\t\t\(s.runRemote.text)  -  Run Remote Usage", "\t\t\(s.runLocal.text)  -  Run Local Usage",
            "\t\(s.runBytesSent)  -  Run Bytes Sent By Job", "\t\(s.runBytesReceived)  -  Run Bytes Received By Job",
        ]
        body += terminationLines(termination)
        body.append("\t" + reason)
        return UserLogEvent(kind: .jobEvicted, job: job, timestamp: time, text: "Job was evicted.", body: body)
    }

    /// 009: `Job was aborted.` and the removal reason.
    public static func aborted(_ job: CondorJobID, at time: UserLogTimestamp, reason: String?) -> UserLogEvent {
        UserLogEvent(
            kind: .jobAborted, job: job, timestamp: time, text: "Job was aborted.",
            body: reason.map { ["\t" + $0] } ?? [])
    }

    /// 012: `Job was held.`, the reason (or `Reason unspecified`) and `Code C Subcode S`.
    public static func held(
        _ job: CondorJobID, at time: UserLogTimestamp, reason: String?, code: Int, subcode: Int
    ) -> UserLogEvent {
        UserLogEvent(
            kind: .jobHeld, job: job, timestamp: time, text: "Job was held.",
            body: ["\t" + (reason ?? "Reason unspecified"), "\tCode \(code) Subcode \(subcode)"])
    }

    // MARK: - Text

    /// The event as it appears in a user log: header, body and the `...` line, each ending in a newline.
    public var logText: String {
        var text = UserLogEventKind.code(kind.rawValue) + " " + job.headerText + " " + timestamp.description + " "
        text += self.text + "\n"
        for line in body { text += line + "\n" }
        return text + "...\n"
    }

    private static func terminationLines(_ termination: Termination) -> [String] {
        switch termination {
        case .exited(let value):
            return ["\t(1) Normal termination (return value \(value))"]
        case .killed(let signal, let coreFile):
            return [
                "\t(0) Abnormal termination (signal \(signal))",
                coreFile.map { "\t(1) Corefile in: \($0)" } ?? "\t(0) No core file",
            ]
        }
    }

    /// formatUsageAd for whole-number values: rows sorted by name, columns at least 8 (9 for Allocated) wide.
    private static func resourceTable(_ rows: [ResourceUse]) -> [String] {
        guard !rows.isEmpty else { return [] }
        let sorted = rows.sorted { $0.name.lowercased() < $1.name.lowercased() }
        let usages = sorted.map { $0.usage.map(String.init) ?? "" }
        let useWidth = max(8, usages.map(\.count).max() ?? 0)
        let requestWidth = max(8, sorted.map { String($0.request).count }.max() ?? 0)
        let allocatedWidth = max(9, sorted.map { String($0.allocated).count }.max() ?? 0)
        let labelWidth = max("Memory (MB)".count + 1, sorted.map(\.name.count).max() ?? 0) + 8
        var lines = [
            "\tPartitionable Resources : " + pad("Usage", useWidth) + " " + pad("Request", requestWidth) + " "
                + pad("Allocated", allocatedWidth) + " "
        ]
        for (row, usage) in zip(sorted, usages) {
            let label = row.name + (row.name == "Memory" ? " (MB)" : row.name == "Disk" ? " (KB)" : "")
            lines.append(
                "\t   " + label + String(repeating: " ", count: max(0, labelWidth - label.count)) + " : "
                    + pad(usage, useWidth) + " " + pad(String(row.request), requestWidth) + " "
                    + pad(String(row.allocated), allocatedWidth) + " ")
        }
        return lines
    }

    /// `text` right-aligned in `width` columns.
    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
