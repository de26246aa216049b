// Jobs layer: `run --recreate-jobs` — rebuild and resubmit some jobs of an existing jobs folder. Inputs
// a job failed to read over XRootD move to another replica, files at blocklisted sites move away (or
// everything goes to the global redirector), the queue is set or bumped, skip-bad-files is passed on;
// the per-job configurator, job_N.sub and jobs_config.yaml are rewritten atomically, and each job's flag
// goes back to idle only once condor_submit accepted it. A dry run prints all of it and changes nothing.

import Condor
import Configuration
import Foundation
import Grid

/// What a recreate pass did.
public struct RecreateSummary: Sendable {
    /// The jobs recreated, by index.
    public var jobs: [Int] = []
    /// condor_submit's receipt for each job submitted.
    public var submitted: [Int: SubmitReceipt] = [:]
    /// One line per job whose submission failed (its flag is unchanged).
    public var failures: [String] = []
}

/// Rebuilds and resubmits jobs of a jobs folder.
public final class JobRecreator {
    /// What to do.
    public let request: RecreateRequest
    /// Receives each change and progress line.
    public var log: (String) -> Void
    /// Receives warnings.
    public var warn: (String) -> Void

    private var folder: JobsFolder { request.folder }
    private var replicaResolver: ReplicaResolver?

    public init(request: RecreateRequest, log: @escaping (String) -> Void, warn: @escaping (String) -> Void) {
        self.request = request
        self.log = log
        self.warn = warn
    }

    /// Recreates the selected jobs.
    ///
    /// - Throws: ``JobsError`` for a folder that is not a jobs folder, a job that is not in it, an unreadable
    ///   configurator, a failed Rucio look-up or write. Nothing is written or submitted then. A failed
    ///   condor_submit is not thrown: it is in the summary's `failures`.
    public func run() throws(JobsError) -> RecreateSummary {
        var jobsConfig = try readJobsConfig()
        let jobsList = jobsConfig["jobs_list"]?.objectValue ?? OrderedObject()
        let known = jobsList.keys.compactMap { $0.hasPrefix("job_") ? Int($0.dropFirst(4)) : nil }
        let indices = try select(known: known)
        var summary = RecreateSummary()
        guard !indices.isEmpty else {
            log("No failed, running or idle jobs to recreate in \(folder.path)")
            return summary
        }
        summary.jobs = indices
        log("Recreating jobs: [\(indices.map(JobsFolder.jobName).joined(separator: ", "))]")
        if request.useRedirector && !request.blocklist.isEmpty {
            warn(
                "--use-redirector sends every file to \(ReplicaResolver.globalRedirector); --blocklist-sites "
                    + "\(request.blocklist.joined(separator: ",")) is ignored")
        }

        var plan = RecreatePlan()
        var failedBefore = readFailedInputs()
        var failedNow: [String] = []
        for index in indices {
            let job = try planJob(index, failedBefore: Set(failedBefore))
            failedNow += job.failedInputs.filter { !failedBefore.contains($0) && !failedNow.contains($0) }
            plan.jobs.append(job)
        }
        if !failedNow.isEmpty {
            failedBefore += failedNow
            plan.failedInputsText = failedBefore.joined(separator: "\n") + "\n"
        }
        try planFolderFiles(&plan, jobsConfig: &jobsConfig)

        if request.dryRun {
            plan.describe(folder: folder).forEach(log)
            log("Dry run: nothing was written or submitted.")
            return summary
        }
        try plan.write(folder: folder)
        submit(indices, into: &summary)
        return summary
    }

    // MARK: - Selection

    private func select(known: [Int]) throws(JobsError) -> [Int] {
        switch request.selection {
        case .auto:
            return known.filter { index in
                [.failed, .running, .idle].contains { flag(index, $0) }
            }.sorted()
        case .indices(let indices):
            for index in indices where !known.contains(index) {
                let range = known.isEmpty ? "none" : "job_\(known.min() ?? 0) … job_\(known.max() ?? 0)"
                throw JobsError(
                    "job_\(index) is not in \(folder.jobsConfig) (jobs: \(range))", fix: "recreate jobs that exist")
            }
            return indices
        }
    }

    private func flag(_ index: Int, _ flag: JobsFolder.Flag) -> Bool {
        FileManager.default.fileExists(atPath: folder.flagFile(index, flag))
    }

    // MARK: - One job

    private func planJob(_ index: Int, failedBefore: Set<String>) throws(JobsError) -> RecreatePlan.Job {
        let name = JobsFolder.jobName(index)
        let configPath = folder.configFile(index)
        var config = try readJSON(configPath)
        let datasets: [Dataset]
        do {
            datasets = try DatasetCatalog.parse(config["datasets"] ?? .null, file: configPath)
        } catch {
            throw JobsError(error.description)
        }
        let inputs = datasets.flatMap(\.files)
        var failedLogs: [String] = []
        var failed: [String] = []
        for path in logs(of: index) {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            let found = XRootDFailure.failedInputs(inLog: text, inputs: inputs)
            guard !found.isEmpty else { continue }
            failedLogs.append(path)
            for url in found where !failed.contains(url) {
                failed.append(url)
                log("\(name): failed to read \(url)")
                if let message = XRootDFailure.firstMessage(inLog: text) { log("  \(message)") }
            }
        }

        var rewritten = datasets
        if request.useRedirector {
            rewritten = ReplicaResolver(siteMap: SiteMap(), catalog: nil, log: log).rewritingToRedirector(datasets)
        } else if !failed.isEmpty || !request.blocklist.isEmpty {
            let resolver = try resolver()
            let blocklist = Set(request.blocklist)
            try lookingUp { () throws(RucioError) in
                var replacements: [String: String] = [:]
                for url in failed {
                    replacements[url] = try resolver.otherReplica(
                        for: url, blocklist: blocklist, failed: failedBefore.union(failed))
                }
                for index in rewritten.indices {
                    rewritten[index].files = rewritten[index].files.map { replacements[$0] ?? $0 }
                }
                rewritten = try resolver.rewritingAway(from: blocklist, rewritten)
            }
        }
        var configText: String?
        if rewritten != datasets {
            config = Self.replacingDatasets(in: config, with: rewritten)
            configText = JSONWriter.string(config) + "\n"
        }
        return RecreatePlan.Job(
            index: index, configText: configText, datasets: rewritten, submitText: try plannedSubmitFile(index),
            processedLogs: failedLogs, failedInputs: failed)
    }

    /// job_N.sub with its queue set or bumped, and shipping inner_run_options.yaml; `nil` when unchanged.
    private func plannedSubmitFile(_ index: Int) throws(JobsError) -> String? {
        let name = JobsFolder.jobName(index)
        let path = folder.submitFile(index)
        let original = try read(path)
        var edit = SubmitFileEdit(text: original)
        let current = edit.value(of: "+JobFlavour").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        if let queue = request.queue {
            if JobFlavour(rawValue: queue) == nil {
                warn("unknown queue '\(queue)' (known: \(JobFlavour.names)); written into \(name).sub as it is")
            }
            if let current {
                if current != queue {
                    edit.set("+JobFlavour", SubmitValue.classAdString(queue))
                    log("[queue] \(name): \(current) -> \(queue)")
                }
            } else {
                warn(
                    "\(name).sub has no +JobFlavour (this site asks for wall time otherwise); --recreate-queue ignored")
            }
        } else if flag(index, .running), let current, let flavour = JobFlavour(rawValue: current) {
            let next = flavour.bumped(by: 1)
            if next == flavour {
                log("\(name) was running and is already in the longest queue, \(current)")
            } else {
                edit.set("+JobFlavour", SubmitValue.classAdString(next.rawValue))
                log("Bumping \(name) from \(current) to \(next.rawValue)")
            }
        }
        let text = InnerRunOptionsPatch.submitFile(edit.text, inner: folder.innerRunOptions) ?? edit.text
        return text == original ? nil : text
    }

    /// The job's HTCondor stderr and stdout logs: `logs/job_CLUSTER.N.err|out`.
    private func logs(of index: Int) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.logs)) ?? []
        return names.filter { name in
            (name.hasSuffix(".\(index).err") || name.hasSuffix(".\(index).out")) && name.hasPrefix("job_")
        }.sorted().map { folder.logs + "/" + $0 }
    }

    // MARK: - Folder files

    private func planFolderFiles(_ plan: inout RecreatePlan, jobsConfig: inout ConfigValue) throws(JobsError) {
        let innerPath = folder.innerRunOptions
        let innerText = try? read(innerPath)
        if request.skipBadFiles || innerText == nil {
            let text = InnerRunOptionsPatch.setting("skip-bad-files", to: .bool(request.skipBadFiles), in: innerText)
            if text != innerText {
                plan.files.append((innerPath, text, 0o644))
                if request.skipBadFiles { log("skip-bad-files: true written into \(innerPath)") }
            }
        }
        if let script = try? read(folder.jobScript), let patched = InnerRunOptionsPatch.jobScript(script) {
            plan.files.append((folder.jobScript, patched, 0o755))
            log("job.sh now passes \(JobsFolder.innerRunOptionsFileName) to the run inside each job")
        }
        if let batch = try? read(folder.batchSubmitFile),
            let patched = InnerRunOptionsPatch.submitFile(batch, inner: innerPath)
        {
            plan.files.append((folder.batchSubmitFile, patched, 0o644))
        }
        let changed = plan.jobs.filter { $0.configText != nil }
        guard !changed.isEmpty, var top = jobsConfig.objectValue, var list = top["jobs_list"]?.objectValue else {
            return
        }
        for job in changed {
            let name = JobsFolder.jobName(job.index)
            guard var entry = list[name]?.objectValue else { continue }
            entry["filesets"] = .object(OrderedObject(job.datasets.map { ($0.name, $0.jsonValue) }))
            list[name] = .object(entry)
        }
        top["jobs_list"] = .object(list)
        jobsConfig = .object(top)
        plan.files.append((folder.jobsConfig, JSONWriter.string(jobsConfig) + "\n", 0o644))
    }

    // MARK: - Submission

    private func submit(_ indices: [Int], into summary: inout RecreateSummary) {
        let submitter = CondorSubmitter(program: request.submitter)
        for index in indices {
            let name = JobsFolder.jobName(index)
            let before = flagFiles(index)
            do {
                let receipt = try submitter.submit(file: name + ".sub", in: folder.path)
                summary.submitted[index] = receipt
                log("\(name): \(receipt.jobCount) job(s) submitted to cluster \(receipt.cluster).")
                if flagFiles(index) == before {
                    resetFlag(index)
                } else {
                    log("\(name) already started; its flag is left as job.sh set it")
                }
            } catch {
                summary.failures.append("\(name): \(error.description)")
            }
        }
    }

    /// The job's flag files with their inode and modification time: a job that starts (or even ends)
    /// before condor_submit returns changes them, and must not be set back to idle.
    private func flagFiles(_ index: Int) -> [String] {
        JobsFolder.Flag.allCases.compactMap { flag in
            let path = folder.flagFile(index, flag)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
            let inode = attributes[.systemFileNumber].map { "\($0)" } ?? ""
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(flag.rawValue) \(inode) \(modified)"
        }
    }

    /// The job's flag becomes idle: the new flag exists before the old ones go, as job.sh does it.
    private func resetFlag(_ index: Int) {
        _ = FileManager.default.createFile(atPath: folder.flagFile(index, .idle), contents: Data())
        for flag in [JobsFolder.Flag.running, .failed, .done] { unlink(folder.flagFile(index, flag)) }
    }

    // MARK: - Grid

    private func resolver() throws(JobsError) -> ReplicaResolver {
        if let replicaResolver { return replicaResolver }
        let (siteMap, warnings) = SiteMapCache(environment: request.environment).load()
        warnings.forEach(warn)
        let client: RucioClient
        do {
            client = try RucioClient(configuration: RucioConfiguration.load(environment: request.environment))
        } catch {
            throw Self.gridFailure(error)
        }
        let resolver = ReplicaResolver(siteMap: siteMap, catalog: client, log: log)
        replicaResolver = resolver
        return resolver
    }

    private func lookingUp(_ body: () throws(RucioError) -> Void) throws(JobsError) {
        do {
            try body()
        } catch {
            throw Self.gridFailure(error)
        }
    }

    private static func gridFailure(_ error: RucioError) -> JobsError {
        JobsError(
            "cannot look up other replicas: \(error.description)",
            fix: "nothing was changed; fix the Rucio access, or pass --use-redirector to read every file through "
                + ReplicaResolver.globalRedirector)
    }

    // MARK: - Files

    private func readJobsConfig() throws(JobsError) -> ConfigValue {
        guard FileManager.default.fileExists(atPath: folder.jobsConfig) else {
            throw JobsError(
                "\(folder.path) is not a jobs folder: it has no \(JobsFolder.jobsConfigFileName)",
                fix: "pass the same --outputdir (and --job-name / jobs-dir) as the run that created the jobs")
        }
        if let value = try? JSONReader.parse(contentsOf: folder.jobsConfig) { return value }
        do {
            return try YAMLReader.parse(contentsOf: folder.jobsConfig)
        } catch {
            throw JobsError(error.description)
        }
    }

    private func readFailedInputs() -> [String] {
        ((try? read(folder.failedInputsList)) ?? "").split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    private func readJSON(_ path: String) throws(JobsError) -> ConfigValue {
        do {
            return try JSONReader.parse(contentsOf: path)
        } catch {
            throw JobsError(error.description, fix: "the jobs folder is damaged; recompile it")
        }
    }

    private func read(_ path: String) throws(JobsError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw JobsError("cannot read \(path)") }
        return String(decoding: data, as: UTF8.self)
    }

    private static func replacingDatasets(in config: ConfigValue, with datasets: [Dataset]) -> ConfigValue {
        guard var top = config.objectValue else { return config }
        top["datasets"] = .object(OrderedObject(datasets.map { ($0.name, $0.jsonValue) }))
        return .object(top)
    }
}
