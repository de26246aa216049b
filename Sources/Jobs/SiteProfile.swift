// Jobs layer: what differs between HTCondor sites — the wall-time command (+JobFlavour at CERN,
// +MaxRuntime at rubin), notifications, whether the jobs folder is on a filesystem the worker nodes
// share (lxplus: AFS/EOS) or everything must travel with the job (rubin), and for sites described by
// a site profile file (--executor-custom-setup), their extra submit commands and job setup lines.

import Condor
import Configuration

/// The submit-file and job-script choices of one HTCondor site.
public struct SiteProfile: Sendable {
    /// The site name, as in `condor@SITE`.
    public var name: String
    /// Whether worker nodes see the submit host's filesystem; if not, the binary is transferred with each job.
    public var sharedFilesystem: Bool
    /// How jobs ask for wall time.
    public var wallTime: WallTimeRequest
    /// Whether HTCondor mails `notify-user` about each job.
    public var notifies: Bool
    /// Extra submit commands, after the standard ones.
    public var submitCommands: [(key: String, value: String)] = []
    /// Shell lines run at the start of each job, after custom-setup-commands.
    public var jobSetup: [String] = []

    /// The profile of a run: its site profile file, else the built-in profile of `condor@SITE`.
    ///
    /// - Throws: ``JobsError`` for a site without a profile.
    public static func of(_ run: ResolvedRun) throws(JobsError) -> SiteProfile {
        if let site = run.site, site.executor == run.executor.description {
            return SiteProfile(
                name: site.site, sharedFilesystem: site.sharedFilesystem, wallTime: site.wallTime,
                notifies: site.notifies, submitCommands: site.submitCommands, jobSetup: site.jobSetup)
        }
        return try named(run.executor.site)
    }

    /// The built-in profile of `condor@SITE`.
    ///
    /// - Throws: ``JobsError`` for a site without a profile.
    public static func named(_ site: String?) throws(JobsError) -> SiteProfile {
        switch site {
        case "lxplus": SiteProfile(name: "lxplus", sharedFilesystem: true, wallTime: .jobFlavour, notifies: false)
        case "rubin": SiteProfile(name: "rubin", sharedFilesystem: false, wallTime: .maxRuntime, notifies: true)
        default:
            throw JobsError(
                "no HTCondor site profile for '\(site ?? "")'",
                fix: "use condor@lxplus or condor@rubin, or describe the site in a file for --executor-custom-setup")
        }
    }

    /// The wall-time commands for `options`.
    ///
    /// - Throws: ``JobsError`` for a queue that is not a JobFlavour, or a missing max-run-time.
    func wallTimeCommands(_ options: RunOptions) throws(JobsError) -> [(String, String)] {
        switch wallTime {
        case .none:
            return []
        case .jobFlavour:
            let queue = options.queue ?? JobFlavour.microcentury.rawValue
            guard JobFlavour(rawValue: queue) != nil else {
                throw JobsError("unknown queue '\(queue)' for condor@\(name)", fix: "use one of \(JobFlavour.names)")
            }
            return [("+JobFlavour", SubmitValue.classAdString(queue))]
        case .maxRuntime:
            guard let seconds = options.maxRunTime else {
                throw JobsError(
                    "condor@\(name) needs max-run-time (seconds)", fix: "set max-run-time: 21600 in the run options")
            }
            return [("+MaxRuntime", String(seconds))]
        }
    }
}
