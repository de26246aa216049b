// Jobs layer: the job compiler. From a resolved run it splits the fileset, works out each job's
// chunksize, and writes the whole jobs folder (per-job configurators, jobs_config.yaml,
// inner_run_options.yaml, job.sh, the submit files, the idle flags, logs/, the binary) into a staging
// folder that is renamed into place only when everything is written.

import Condor
import Configuration
import Foundation
import Synchronization

/// What a compilation produced.
public struct CompiledJobs: Sendable {
    /// The jobs folder.
    public var folder: JobsFolder
    /// The jobs, by index.
    public var jobs: [JobSplit]
    /// The chunksize of each job.
    public var chunksizes: [Int]
    /// What the splitter decided.
    public var messages: [String]
    /// What the user should know.
    public var warnings: [String]

    /// The events of the datasets the jobs cover, from the datasets' metadata: exact, unlike the sum
    /// of the jobs' ``JobSplit/events``, which count each file as its dataset's events per file
    /// rounded up.
    public var datasetEvents: Int {
        var seen = Set<String>()
        var total = 0
        for job in jobs {
            for dataset in job.datasets where seen.insert(dataset.name).inserted { total += dataset.nevents }
        }
        return total
    }
}

/// Compiles a resolved run into a jobs folder.
public struct JobCompiler: Sendable {
    /// The run to compile (a `condor@SITE` executor).
    public var run: ResolvedRun
    /// The pocket-coffea binary to copy into the jobs folder (the one running now).
    public var binary: String
    /// The version written into job.sh.
    public var version: String
    /// The proxy file to ship, from ``GridProxy/prepare(_:)``.
    public var proxy: String?
    /// Called as jobs' files are written, with the number of jobs done and the total (for a progress
    /// bar); called from the writing threads, so counts may arrive slightly out of order.
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
    /// Run options passed on to the run inside each job (inner_run_options.yaml).
    public static let innerRunOptionKeys = ["skip-bad-files", "tree-reduction", "split-by-category", "output-format"]

    public init(run: ResolvedRun, binary: String, version: String, proxy: String?) {
        self.run = run
        self.binary = binary
        self.version = version
        self.proxy = proxy
    }

    /// The jobs folder this run compiles into: `<jobs-dir or outputdir>/<job-name>`.
    public var folder: JobsFolder { JobsFolder.of(run) }

    /// Splits the fileset and writes the jobs folder.
    ///
    /// - Throws: ``JobsError`` for an existing folder, a path HTCondor cannot carry, a splitting or
    ///   chunksize problem, or a write failure (then nothing is left behind).
    public func compile() throws(JobsError) -> CompiledJobs {
        let folder = folder
        guard !FileManager.default.fileExists(atPath: folder.path) else {
            throw JobsError(
                "Jobs directory \(folder.path) already exists. Please clean it up before running the jobs",
                fix: "remove it, choose another --job-name, or rebuild jobs with --recreate-jobs")
        }
        let site = try SiteProfile.of(run)
        try checkSubmitSafe(folder: folder)
        var splitter = Splitter()
        let jobs = try splitter.split(run.configurator.datasets.datasets, options: run.runOptions)
        guard !jobs.isEmpty else { throw JobsError("the selected datasets have no files to split into jobs") }
        var warnings = splitter.warnings
        let chunksizes = try resolveChunksizes(jobs, warnings: &warnings)

        let staging = try StagingFolder(destination: folder.path)
        do {
            try writeFolder(staging, folder: folder, jobs: jobs, chunksizes: chunksizes, site: site)
            try staging.commit()
        } catch {
            staging.discard()
            throw error
        }
        return CompiledJobs(
            folder: folder, jobs: jobs, chunksizes: chunksizes, messages: splitter.messages, warnings: warnings)
    }

    // MARK: - Chunksize

    private func resolveChunksizes(_ jobs: [JobSplit], warnings: inout [String]) throws(JobsError) -> [Int] {
        guard let setting = run.runOptions.chunksize else {
            throw JobsError("no chunksize in the run options", fix: "set chunksize: 150000 or pass --chunksize")
        }
        if case .perSample = setting {
            var splitter = Splitter()
            splitter.warnUnknownKeys(setting, datasets: run.configurator.datasets.datasets, option: "chunksize")
            warnings += splitter.warnings
        }
        var sizes: [Int] = []
        for (index, job) in jobs.enumerated() {
            switch setting {
            case .scalar(let value):
                sizes.append(value)
            case .perSample:
                let samples = job.samples
                guard samples.count == 1 else {
                    throw JobsError(
                        "chunksize is a per-sample dict but job_\(index) covers multiple samples [\(samples.joined(separator: ", "))]",
                        fix:
                            "use a per-sample max-events-per-job dict so each job contains exactly one sample, or revert chunksize to a scalar value"
                    )
                }
                guard let value = setting.value(for: samples[0]) else {
                    throw JobsError(
                        "chunksize dict has no entry for sample '\(samples[0])' and no 'default' fallback",
                        fix: "provide one or the other")
                }
                sizes.append(value)
            }
        }
        return sizes
    }

    // MARK: - Writing

    private func writeFolder(
        _ staging: StagingFolder, folder: JobsFolder, jobs: [JobSplit], chunksizes: [Int], site: SiteProfile
    ) throws(JobsError) {
        try staging.makeFolder("logs")
        try staging.write(innerRunOptionsText, to: JobsFolder.innerRunOptionsFileName)
        try staging.write(
            try jobScript(folder: folder, site: site).render(), to: JobsFolder.jobScriptFileName, permissions: 0o755)
        let submit = try SubmitFiles(folder: folder, run: run, site: site, proxy: proxy)
        try staging.write(submit.batch(chunksizes: chunksizes).text, to: JobsFolder.batchSubmitFileName)

        // Per job: config_job_N.json, job_N.idle, job_N.sub, and its entry in jobs_config.yaml. What all
        // jobs share is serialised once (the configurator around its datasets, the submit file around
        // its values). Creating 15,000 files is mostly kernel time spent one file at a time, so two
        // threads share the work: one streams jobs_config.yaml (in job order), one copies the binary,
        // and chunks of jobs go to whichever thread is free. Every file's bytes depend only on its job,
        // never on the schedule.
        let configurator = ResolvedConfigurator.Splicer(run.configurator)
        let submitFile = submit.singleTemplate()
        let chunkSize = 64
        let chunks = (jobs.count + chunkSize - 1) / chunkSize
        let failure = Mutex<JobsError?>(nil)
        let written = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: chunks + 2) { iteration in
            guard failure.withLock({ $0 == nil }) else { return }
            do throws(JobsError) {
                if iteration == 0 {
                    var jobsConfig = try JobsConfigFile(in: staging, folder: folder, run: run)
                    for (index, job) in jobs.enumerated() {
                        try jobsConfig.add(
                            index, job: job, configFile: folder.configFile(index),
                            outputFile: outputDirectory
                                + "/output_job_\(index).\(run.runOptions.outputFormat.fileExtension)")
                        if index % 256 == 0, failure.withLock({ $0 != nil }) { return }
                    }
                    try jobsConfig.finish()
                    return
                }
                if iteration == 1 { return try staging.copy(binary, to: JobsFolder.binaryFileName) }
                var buffer: [UInt8] = []
                buffer.reserveCapacity(64 << 10)
                for index in ((iteration - 2) * chunkSize)..<min(jobs.count, (iteration - 1) * chunkSize) {
                    buffer.removeAll(keepingCapacity: true)
                    configurator.write(datasets: jobs[index].datasets, into: &buffer)
                    try staging.write(buffer, to: JobsFolder.configFileName(index))
                    try staging.createEmpty("job_\(index).idle")
                    buffer.removeAll(keepingCapacity: true)
                    submitFile.write([String(index), String(chunksizes[index])], into: &buffer)
                    try staging.write(buffer, to: "job_\(index).sub")
                    progress?(written.add(1, ordering: .relaxed).newValue, jobs.count)
                }
            } catch {
                failure.withLock { first in if first == nil { first = error } }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    private var outputDirectory: String { run.outputDirectory }

    private var innerRunOptionsText: String {
        var text = "# Run options passed from the outer `pocket-coffea run` to the run inside each job.\n"
        text += "# Passed options: \(Self.innerRunOptionKeys.joined(separator: ", "))\n"
        for key in Self.innerRunOptionKeys {
            if let value = run.runOptions[key] { text += "\(key): \(JSONWriter.string(value, pretty: false))\n" }
        }
        return text
    }

    private func jobScript(folder: JobsFolder, site: SiteProfile) throws(JobsError) -> JobScript {
        let options = run.runOptions
        let cores = options.coresPerWorker
        let executor =
            cores > 1 ? ["--executor", "futures", "--scaleout", String(cores)] : ["--executor", "iterative"]
        var copy = ["cp", "-f"]
        var target = outputDirectory
        let eosPrefix = options.eosPrefix ?? "root://eosuser.cern.ch/"
        if outputDirectory.hasPrefix("/eos/") {
            copy = ["xrdcp", "-f"]
            target = eosPrefix.hasSuffix("/") ? eosPrefix + outputDirectory : eosPrefix + "/" + outputDirectory
        }
        return JobScript(
            version: version, jobsDir: folder.path, outputDir: outputDirectory,
            binary: site.sharedFilesystem ? folder.binary : "$PWD/" + JobsFolder.binaryFileName,
            proxyFileName: proxy.map { ($0 as NSString).lastPathComponent },
            setupCommands: options.customSetupCommands + site.jobSetup,
            executorArguments: executor, outputExtension: options.outputFormat.fileExtension,
            splitByCategory: options.splitByCategory,
            copyCommand: copy, outputTarget: target)
    }

    /// Refuses paths that HTCondor would misread (macro syntax, quotes, commas in file lists).
    private func checkSubmitSafe(folder: JobsFolder) throws(JobsError) {
        var values: [(String, String, Bool)] = [
            ("jobs folder", folder.path, true), ("output folder", outputDirectory, false),
        ]
        if let proxy { values.append(("grid proxy", proxy, true)) }
        if let image = run.runOptions.workerImage { values.append(("worker-image", image, false)) }
        for (what, value, inList) in values {
            if let problem = SubmitValue.problem(with: value, inList: inList) {
                throw JobsError(
                    "the \(what) '\(value)' cannot be written into an HTCondor submit file: it \(problem)",
                    fix: "choose a path without it")
            }
        }
    }
}
