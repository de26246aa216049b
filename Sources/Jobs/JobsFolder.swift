// Jobs layer: the one type that knows every path of a jobs folder. job.sh, check-jobs, recreate and
// merge-outputs all find files through it.
//
//   <jobs-dir or outputdir>/<job-name>/
//     config_job_N.json   jobs_config.yaml   inner_run_options.yaml   job.sh
//     jobs_all.sub   job_N.sub   job_N.idle|running|done|failed   pocket-coffea   logs/

/// The paths of a jobs folder.
public struct JobsFolder: Sendable, Equatable {
    /// The folder itself, absolute.
    public var path: String

    public init(path: String) {
        self.path = path
    }

    /// The states a job's flag file records.
    public enum Flag: String, Sendable, CaseIterable {
        /// Compiled or resubmitted, not started.
        case idle
        /// job.sh has started.
        case running
        /// The output was copied.
        case done
        /// The job or its copy failed.
        case failed
    }

    /// `job_N`, the name of job `index`.
    public static func jobName(_ index: Int) -> String { "job_\(index)" }

    /// Per-job resolved configurator, also its name inside the job's scratch folder.
    public static func configFileName(_ index: Int) -> String { "config_job_\(index).json" }

    public static let innerRunOptionsFileName = "inner_run_options.yaml"
    public static let jobScriptFileName = "job.sh"
    public static let batchSubmitFileName = "jobs_all.sub"
    public static let jobsConfigFileName = "jobs_config.yaml"
    public static let binaryFileName = "pocket-coffea"

    public var logs: String { path + "/logs" }
    public var jobScript: String { path + "/" + Self.jobScriptFileName }
    public var batchSubmitFile: String { path + "/" + Self.batchSubmitFileName }
    public var jobsConfig: String { path + "/" + Self.jobsConfigFileName }
    public var innerRunOptions: String { path + "/" + Self.innerRunOptionsFileName }
    public var binary: String { path + "/" + Self.binaryFileName }

    /// The resolved configurator of job `index`.
    public func configFile(_ index: Int) -> String { path + "/" + Self.configFileName(index) }

    /// The single-job submit file of job `index`.
    public func submitFile(_ index: Int) -> String { path + "/job_\(index).sub" }

    /// The flag file of job `index` in state `flag`.
    public func flagFile(_ index: Int, _ flag: Flag) -> String { path + "/job_\(index).\(flag.rawValue)" }
}
