// Jobs layer: what differs between HTCondor sites — the wall-time command (+JobFlavour at CERN,
// +MaxRuntime at rubin), notifications, and whether the jobs folder is on a filesystem the worker
// nodes share (lxplus: AFS/EOS) or everything must travel with the job (rubin).

import Condor
import Configuration

/// The submit-file and job-script choices of one HTCondor site.
public struct SiteProfile: Sendable, Equatable {
    /// The site name, as in `condor@SITE`.
    public var name: String
    /// Whether worker nodes see the submit host's filesystem; if not, the binary is transferred with each job.
    public var sharedFilesystem: Bool
    /// Whether the queue is a CERN +JobFlavour (else the wall time is +MaxRuntime from max-run-time).
    public var usesJobFlavour: Bool
    /// Whether HTCondor mails `notify-user` about each job.
    public var notifies: Bool

    /// The profile of `condor@SITE`.
    ///
    /// - Throws: ``JobsError`` for a site without a profile.
    public static func named(_ site: String?) throws(JobsError) -> SiteProfile {
        switch site {
        case "lxplus": SiteProfile(name: "lxplus", sharedFilesystem: true, usesJobFlavour: true, notifies: false)
        case "rubin": SiteProfile(name: "rubin", sharedFilesystem: false, usesJobFlavour: false, notifies: true)
        default:
            throw JobsError("no HTCondor site profile for '\(site ?? "")'", fix: "use condor@lxplus or condor@rubin")
        }
    }

    /// The wall-time commands for `options`.
    ///
    /// - Throws: ``JobsError`` for a queue that is not a JobFlavour, or a missing max-run-time.
    func wallTimeCommands(_ options: RunOptions) throws(JobsError) -> [(String, String)] {
        if usesJobFlavour {
            let queue = options.queue ?? JobFlavour.microcentury.rawValue
            guard JobFlavour(rawValue: queue) != nil else {
                throw JobsError("unknown queue '\(queue)' for condor@\(name)", fix: "use one of \(JobFlavour.names)")
            }
            return [("+JobFlavour", SubmitValue.classAdString(queue))]
        }
        guard let seconds = options.maxRunTime else {
            throw JobsError(
                "condor@\(name) needs max-run-time (seconds)", fix: "set max-run-time: 21600 in the run options")
        }
        return [("+MaxRuntime", String(seconds))]
    }
}
