// Jobs layer: jobs_config.yaml — the index of a jobs folder that check-jobs, --recreate-jobs and
// merge-outputs read. Keys as PocketCoffea's; written as JSON, which every YAML reader accepts, because
// it is fast to write and to read for folders of thousands of jobs. It is streamed to the file a job
// at a time (the index of 5,000 jobs is ~14 MB), with the bytes JSONWriter writes for the whole value.

import Configuration

/// Writes jobs_config.yaml into a staging folder, job by job.
struct JobsConfigFile {
    /// Bytes are handed to the file once this many have been gathered.
    private static let flushSize = 1 << 20

    private let file: StagingFolder.OutputFile
    private var buffer: [UInt8] = []
    private var top = JSONObjectStream()
    private var jobsList: JSONObjectStream

    /// Starts `jobs_config.yaml` in `staging` with the run's keys, up to the list of jobs.
    init(in staging: StagingFolder, folder: JobsFolder, run: ResolvedRun) throws(JobsError) {
        file = try staging.create(JobsFolder.jobsConfigFileName)
        buffer.reserveCapacity(Self.flushSize + (64 << 10))
        let header: [(String, ConfigValue)] = [
            ("job_name", .string(run.runOptions.jobName)),
            ("job_dir", .string(folder.path)),
            ("output_dir", .string(run.outputDirectory)),
            ("split_by_category", .bool(run.runOptions.splitByCategory)),
            ("config_total", .string(run.outputDirectory + "/" + ResolvedRun.configurationFile)),
            ("executor", .string(run.executor.description)),
        ]
        top.begin(into: &buffer)
        for (key, value) in header {
            top.key(key, into: &buffer)
            JSONWriter.append(value, to: &buffer, level: top.level)
        }
        top.key("jobs_list", into: &buffer)
        jobsList = JSONObjectStream(level: top.level)
        jobsList.begin(into: &buffer)
    }

    /// Adds job `index`: its configurator, its datasets with their files, its output file.
    mutating func add(_ index: Int, job: JobSplit, configFile: String, outputFile: String) throws(JobsError) {
        jobsList.key(JobsFolder.jobName(index), into: &buffer)
        let entry = OrderedObject([
            ("config_file", .string(configFile)),
            ("filesets", .object(OrderedObject(job.datasets.map { ($0.name, $0.jsonValue) }))),
            ("output_file", .string(outputFile)),
        ])
        JSONWriter.append(.object(entry), to: &buffer, level: jobsList.level)
        if buffer.count >= Self.flushSize {
            try file.write(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Closes the list and the file.
    consuming func finish() throws(JobsError) {
        jobsList.end(into: &buffer)
        top.end(into: &buffer)
        buffer.append(UInt8(ascii: "\n"))
        try file.write(buffer)
        try file.close()
    }
}
