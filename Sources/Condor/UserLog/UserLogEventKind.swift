// Condor layer: the HTCondor job event codes 000–047 (condor_event.h's ULogEventNumber), with the
// names HTCondor gives them. Codes 100–199 are execution-point events of daemon logs, never written
// to a job's user log; the parser skips them like any unknown code.

/// What happened to a job, as the three-digit code that starts each user-log event.
public enum UserLogEventKind: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// 000: the job entered the queue.
    case submit = 0
    /// 001: the job started on an execution point.
    case execute
    /// 002: the executable could not be run.
    case executableError
    /// 003: the job was checkpointed.
    case checkpointed
    /// 004: the job left its machine before finishing (also written when it exits and is requeued).
    case jobEvicted
    /// 005: the job finished, with a return value or a signal.
    case jobTerminated
    /// 006: the job's memory image grew.
    case imageSize
    /// 007: the shadow failed while handling the job.
    case shadowException
    /// 008: a free-text event.
    case generic
    /// 009: the job was removed from the queue (condor_rm, a periodic remove expression, …).
    case jobAborted
    /// 010: the job was suspended.
    case jobSuspended
    /// 011: the job was resumed.
    case jobUnsuspended
    /// 012: the job was put on hold, with a reason and a code.
    case jobHeld
    /// 013: the job was released from hold.
    case jobReleased
    /// 014: a node of a parallel job started.
    case nodeExecute
    /// 015: a node of a parallel job finished.
    case nodeTerminated
    /// 016: a DAGMan POST script finished.
    case postScriptTerminated
    /// 017: the job was submitted to Globus.
    case globusSubmit
    /// 018: the Globus submission failed.
    case globusSubmitFailed
    /// 019: a Globus resource came back.
    case globusResourceUp
    /// 020: a Globus resource went down.
    case globusResourceDown
    /// 021: the starter or another remote daemon reported an error or a warning.
    case remoteError
    /// 022: the shadow lost contact with the starter.
    case jobDisconnected
    /// 023: the shadow reconnected to the starter.
    case jobReconnected
    /// 024: the shadow could not reconnect; the job will be rescheduled.
    case jobReconnectFailed
    /// 025: a grid resource came back.
    case gridResourceUp
    /// 026: a grid resource went down.
    case gridResourceDown
    /// 027: the job was submitted to a grid resource.
    case gridSubmit
    /// 028: job ClassAd attributes requested by the submitter.
    case jobAdInformation
    /// 029: the grid job's status is unknown.
    case jobStatusUnknown
    /// 030: the grid job's status is known again.
    case jobStatusKnown
    /// 031: the job is staging input in.
    case jobStageIn
    /// 032: the job is staging output out.
    case jobStageOut
    /// 033: a job attribute changed.
    case attributeUpdate
    /// 034: DAGMan skipped a node because of its PRE script.
    case preSkip
    /// 035: a late-materialisation cluster was submitted.
    case clusterSubmit
    /// 036: a late-materialisation cluster was removed.
    case clusterRemove
    /// 037: a job factory was paused.
    case factoryPaused
    /// 038: a job factory was resumed.
    case factoryResumed
    /// 039: a placeholder of the Python bindings, never written.
    case none
    /// 040: input or output file transfer was queued, started or finished.
    case fileTransfer
    /// 041: space was reserved for a transfer.
    case reserveSpace
    /// 042: reserved space was released.
    case releaseSpace
    /// 043: a file transfer completed.
    case fileComplete
    /// 044: a cached data file was reused.
    case fileUsed
    /// 045: a cached data file was removed.
    case fileRemoved
    /// 046: a dataflow job was skipped because its outputs were newer than its inputs.
    case dataflowJobSkipped
    /// 047: the common files of a cluster were (in)activated.
    case commonFiles

    /// HTCondor's name of the event, as in `condor_event.h` without the `ULOG_` prefix (`JOB_TERMINATED`).
    public var name: String { Self.names[rawValue] }

    /// `005 JOB_TERMINATED`.
    public var description: String { Self.code(rawValue) + " " + name }

    /// The three-digit form of `number` used in event headers.
    static func code(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    private static let names = [
        "SUBMIT", "EXECUTE", "EXECUTABLE_ERROR", "CHECKPOINTED", "JOB_EVICTED", "JOB_TERMINATED", "IMAGE_SIZE",
        "SHADOW_EXCEPTION", "GENERIC", "JOB_ABORTED", "JOB_SUSPENDED", "JOB_UNSUSPENDED", "JOB_HELD", "JOB_RELEASED",
        "NODE_EXECUTE", "NODE_TERMINATED", "POST_SCRIPT_TERMINATED", "GLOBUS_SUBMIT", "GLOBUS_SUBMIT_FAILED",
        "GLOBUS_RESOURCE_UP", "GLOBUS_RESOURCE_DOWN", "REMOTE_ERROR", "JOB_DISCONNECTED", "JOB_RECONNECTED",
        "JOB_RECONNECT_FAILED", "GRID_RESOURCE_UP", "GRID_RESOURCE_DOWN", "GRID_SUBMIT", "JOB_AD_INFORMATION",
        "JOB_STATUS_UNKNOWN", "JOB_STATUS_KNOWN", "JOB_STAGE_IN", "JOB_STAGE_OUT", "ATTRIBUTE_UPDATE", "PRESKIP",
        "CLUSTER_SUBMIT", "CLUSTER_REMOVE", "FACTORY_PAUSED", "FACTORY_RESUMED", "NONE", "FILE_TRANSFER",
        "RESERVE_SPACE", "RELEASE_SPACE", "FILE_COMPLETE", "FILE_USED", "FILE_REMOVED", "DATAFLOW_JOB_SKIPPED",
        "COMMON_FILES",
    ]
}
