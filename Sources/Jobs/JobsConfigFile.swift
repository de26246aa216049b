// Jobs layer: jobs_config.yaml — the index of a jobs folder that check-jobs, --recreate-jobs and
// merge-outputs read. Keys as PocketCoffea's; written as JSON, which every YAML reader accepts, because
// it is fast to write and to read for folders of thousands of jobs.

import Configuration

enum JobsConfigFile {
    /// The text of jobs_config.yaml.
    static func text(folder: JobsFolder, run: ResolvedRun, jobsList: OrderedObject) -> String {
        let top = OrderedObject([
            ("job_name", .string(run.runOptions.jobName)),
            ("job_dir", .string(folder.path)),
            ("output_dir", .string(run.outputDirectory)),
            ("split_by_category", .bool(run.runOptions.splitByCategory)),
            ("config_total", .string(run.outputDirectory + "/" + ResolvedRun.configurationFile)),
            ("executor", .string(run.executor.description)),
            ("jobs_list", .object(jobsList)),
        ])
        return JSONWriter.string(.object(top)) + "\n"
    }
}
