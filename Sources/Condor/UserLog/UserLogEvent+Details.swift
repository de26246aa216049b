// Condor layer: typed views of the event bodies a job monitor needs, read the way HTCondor's reader
// reads them (condor_event.cpp readEvent): terminations (005, 015, 016 and the requeue form of 004),
// aborts (009), holds (012), evictions (004), file transfers (040), hosts (000, 001, 014) and image
// sizes (006). Each view is `nil` for other kinds of event or a body that does not have the shape.

extension UserLogEvent {
    /// How a job's process ended.
    public enum Termination: Sendable, Hashable {
        /// It exited by itself: `(1) Normal termination (return value N)`.
        case exited(returnValue: Int)
        /// A signal killed it: `(0) Abnormal termination (signal N)`, with the core file if one was kept.
        case killed(signal: Int, coreFile: String?)
    }

    /// Why a job left the queue without finishing (009).
    public struct Abort: Sendable, Hashable {
        /// The removal reason line, if the event has one (old logs write `Job was aborted by the user.` alone).
        public var reason: String?

        public init(reason: String?) {
            self.reason = reason
        }

        /// Whether the pool's `SYSTEM_PERIODIC_REMOVE` policy removed the job.
        ///
        /// At CERN this means the job outlived its `+JobFlavour`. HTCondor's own wording is
        /// `The system macro SYSTEM_PERIODIC_REMOVE expression '…' evaluated to TRUE`; pools that set
        /// `SYSTEM_PERIODIC_REMOVE_REASON` usually keep the macro's name (`Job removed by
        /// SYSTEM_PERIODIC_REMOVE due to wall time exceeded allowed max.`), so the name anywhere counts.
        public var isSystemPeriodicRemove: Bool {
            reason?.contains("SYSTEM_PERIODIC_REMOVE") ?? false
        }

        /// The user who ran `condor_rm`, from `via condor_rm (by user NAME)`.
        public var removedByUser: String? {
            guard let reason, let range = reason.range(of: "via condor_rm (by user ") else { return nil }
            let user = reason[range.upperBound...].prefix { $0 != ")" }
            return user.isEmpty ? nil : String(user)
        }
    }

    /// Why a job was put on hold (012).
    public struct Hold: Sendable, Hashable {
        /// The hold reason (`Reason unspecified` when the job had none).
        public var reason: String
        /// HTCondor's HoldReasonCode (13: input transfer failed, 26: memory exceeded, …).
        public var code: Int?
        /// The HoldReasonSubCode (often an errno or the exit status of a transfer plugin).
        public var subcode: Int?

        public init(reason: String, code: Int?, subcode: Int?) {
            self.reason = reason
            self.code = code
            self.subcode = subcode
        }
    }

    /// A job leaving its machine before finishing (004).
    public struct Eviction: Sendable, Hashable {
        /// Whether a checkpoint was taken.
        public var checkpointed: Bool
        /// Whether the job had exited and was put back in the queue (its `on_exit_remove` said so).
        public var requeued: Bool
        /// How the job exited, for a requeue.
        public var termination: Termination?
        /// The reason written with the event, if any.
        public var reason: String?

        public init(checkpointed: Bool, requeued: Bool, termination: Termination?, reason: String?) {
            self.checkpointed = checkpointed
            self.requeued = requeued
            self.termination = termination
            self.reason = reason
        }
    }

    /// The step of a file transfer (040), worded as HTCondor writes it.
    public enum TransferStage: String, Sendable, CaseIterable {
        /// Waiting for a transfer slot before sending input.
        case inputQueued = "Entered queue to transfer input files"
        /// Input transfer started.
        case inputStarted = "Started transferring input files"
        /// Input transfer finished.
        case inputFinished = "Finished transferring input files"
        /// Waiting for a transfer slot before fetching output.
        case outputQueued = "Entered queue to transfer output files"
        /// Output transfer started.
        case outputStarted = "Started transferring output files"
        /// Output transfer finished.
        case outputFinished = "Finished transferring output files"
    }

    /// A file-transfer event (040).
    public struct Transfer: Sendable, Hashable {
        public var stage: TransferStage
        /// The host files are sent to, when written.
        public var host: String?
        /// How long the transfer waited in the queue, when written.
        public var secondsInQueue: Int?

        public init(stage: TransferStage, host: String? = nil, secondsInQueue: Int? = nil) {
            self.stage = stage
            self.host = host
            self.secondsInQueue = secondsInQueue
        }
    }

    /// The memory of a running job (006).
    public struct ImageSize: Sendable, Hashable {
        /// The image size in KiB.
        public var imageSizeKB: Int
        /// The memory usage in MB, when written.
        public var memoryUsageMB: Int?
        /// The resident set size in KiB, when written.
        public var residentSetSizeKB: Int?

        public init(imageSizeKB: Int, memoryUsageMB: Int? = nil, residentSetSizeKB: Int? = nil) {
            self.imageSizeKB = imageSizeKB
            self.memoryUsageMB = memoryUsageMB
            self.residentSetSizeKB = residentSetSizeKB
        }
    }

    // MARK: - Views

    /// How the job (005), node (015), POST script (016) or requeued job (004) ended.
    public var termination: Termination? {
        switch kind {
        case .jobTerminated, .nodeTerminated, .postScriptTerminated:
            return Self.termination(in: trimmedBody[...])?.termination
        case .jobEvicted:
            return eviction?.termination
        default:
            return nil
        }
    }

    /// The abort of a 009 event.
    public var abort: Abort? {
        guard kind == .jobAborted else { return nil }
        return Abort(reason: trimmedBody.first.map(String.init))
    }

    /// The hold of a 012 event.
    public var hold: Hold? {
        guard kind == .jobHeld else { return nil }
        var lines = trimmedBody
        var code: Int?
        var subcode: Int?
        if let last = lines.last, let codes = Self.codeAndSubcode(last) {
            (code, subcode) = codes
            lines.removeLast()
        }
        let reason = lines.isEmpty ? "Reason unspecified" : lines.joined(separator: "\n")
        return Hold(reason: reason, code: code, subcode: subcode)
    }

    /// The eviction of a 004 event.
    public var eviction: Eviction? {
        guard kind == .jobEvicted else { return nil }
        let lines = trimmedBody
        let first = lines.first ?? ""
        let requeued = first.hasPrefix("(0) Job terminated and was requeued")
        var eviction = Eviction(
            checkpointed: first.hasPrefix("(1) Job was checkpointed"), requeued: requeued, termination: nil,
            reason: nil)
        if requeued, let found = Self.termination(in: lines.dropFirst()) {
            eviction.termination = found.termination
            if let next = lines[found.next...].first, !next.hasPrefix("Partitionable Resources") {
                eviction.reason = String(next)
            }
        } else if let line = lines.first(where: { $0.hasPrefix("Reason: ") }) {
            eviction.reason = String(line.dropFirst("Reason: ".count))
        }
        return eviction
    }

    /// The file transfer of a 040 event.
    public var fileTransfer: Transfer? {
        guard kind == .fileTransfer, let stage = TransferStage(rawValue: String(text.trimmingBlanks())) else {
            return nil
        }
        var transfer = Transfer(stage: stage)
        for line in trimmedBody {
            if line.hasPrefix("Transferring to host: ") {
                transfer.host = String(line.dropFirst("Transferring to host: ".count))
            } else if line.hasPrefix("Seconds spent in queue: ") {
                transfer.secondsInQueue = Int(line.dropFirst("Seconds spent in queue: ".count))
            }
        }
        return transfer
    }

    /// The submit host (000), execution host (001) or node host (014), as a sinful string `<ip:port?…>`.
    public var host: String? {
        let marker: String
        switch kind {
        case .submit: marker = "Job submitted from host: "
        case .execute: marker = "Job executing on host: "
        case .nodeExecute: marker = " executing on host: "
        default: return nil
        }
        guard let range = text.range(of: marker) else { return nil }
        let host = text[range.upperBound...].trimmingBlanks()
        return host.isEmpty ? nil : String(host)
    }

    /// The slot that ran the job (001 `SlotName:` line), when written.
    public var slotName: String? {
        guard kind == .execute, let line = trimmedBody.first(where: { $0.hasPrefix("SlotName:") }) else { return nil }
        return String(line.dropFirst("SlotName:".count).trimmingBlanks())
    }

    /// The image size of a 006 event.
    public var imageSize: ImageSize? {
        guard kind == .imageSize, let range = text.range(of: "Image size of job updated: "),
            let size = Int(text[range.upperBound...].trimmingBlanks())
        else { return nil }
        var image = ImageSize(imageSizeKB: size)
        for line in trimmedBody {
            let value = Int(line.prefix { $0 != " " })
            if line.hasSuffix("MemoryUsage of job (MB)") { image.memoryUsageMB = value }
            if line.hasSuffix("ResidentSetSize of job (KB)") { image.residentSetSizeKB = value }
        }
        return image
    }

    // MARK: - Body lines

    /// The termination line in `lines` (and its core-file line), and the index after them.
    private static func termination(in lines: ArraySlice<Substring>) -> (termination: Termination, next: Int)? {
        let normal = "(1) Normal termination (return value "
        let abnormal = "(0) Abnormal termination (signal "
        for index in lines.indices {
            let line = lines[index]
            if line.hasPrefix(normal), let value = number(before: ")", in: line.dropFirst(normal.count)) {
                return (.exited(returnValue: value), index + 1)
            }
            if line.hasPrefix(abnormal), let signal = number(before: ")", in: line.dropFirst(abnormal.count)) {
                let coreLine = lines[(index + 1)...].first
                if let coreLine, coreLine.hasPrefix("(1) Corefile in: ") {
                    return (.killed(signal: signal, coreFile: String(coreLine.dropFirst(17))), index + 2)
                }
                let next = coreLine?.hasPrefix("(0) No core file") == true ? index + 2 : index + 1
                return (.killed(signal: signal, coreFile: nil), next)
            }
        }
        return nil
    }

    /// The integer at the start of `text`, which must be followed by `terminator`.
    private static func number(before terminator: Character, in text: Substring) -> Int? {
        guard let end = text.firstIndex(of: terminator) else { return nil }
        return Int(text[..<end])
    }

    /// `Code C Subcode S`.
    private static func codeAndSubcode(_ line: Substring) -> (Int, Int)? {
        let words = line.split(separator: " ")
        guard words.count == 4, words[0] == "Code", words[2] == "Subcode", let code = Int(words[1]),
            let subcode = Int(words[3])
        else { return nil }
        return (code, subcode)
    }
}
