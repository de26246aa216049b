// Jobs layer: the submit files of a jobs folder — jobs_all.sub, which queues every job with an inline
// `queue chunksize from ( … )` block, and job_N.sub, the same description specialised to job N for
// resubmission. Keys and order as PocketCoffea writes them.

import Condor
import Configuration
import Foundation

struct SubmitFiles {
    /// The description shared by all jobs, with `$(ProcId)` and `$(chunksize)` still to expand.
    let base: SubmitDescription

    init(folder: JobsFolder, run: ResolvedRun, site: SiteProfile, proxy: String?) throws(JobsError) {
        let options = run.runOptions
        var description = SubmitDescription()
        description.set("Executable", JobsFolder.jobScriptFileName)
        description.set("Error", folder.logs + "/job_$(ClusterId).$(ProcId).err")
        description.set("Output", folder.logs + "/job_$(ClusterId).$(ProcId).out")
        description.set("Log", folder.logs + "/job_$(ClusterId).log")
        description.set("MY.SendCredential", "True")
        if let image = options.workerImage { description.set("MY.SingularityImage", SubmitValue.classAdString(image)) }
        for (key, value) in try site.wallTimeCommands(options) { description.set(key, value) }
        description.set("RequestCpus", String(options.coresPerWorker))
        if let memory = options.memPerWorker { description.set("RequestMemory", memory) }
        if let disk = options.diskPerWorker { description.set("RequestDisk", disk) }
        description.set("arguments", "$(ProcId) config_job_$(ProcId).json $(chunksize)")
        description.set("should_transfer_files", "YES")
        description.set("when_to_transfer_output", "ON_EXIT")
        var inputs = [folder.path + "/config_job_$(ProcId).json"]
        if let proxy { inputs.append(proxy) }
        inputs += [folder.jobScript, folder.innerRunOptions]
        if !site.sharedFilesystem { inputs.append(folder.binary) }
        description.set("transfer_input_files", inputs.joined(separator: ","))
        description.set("on_exit_remove", "(ExitBySignal == False) && (ExitCode == 0)")
        description.set("max_retries", String(options.maxRetries))
        description.set("requirements", "Machine =!= LastRemoteHost")
        if site.notifies, let user = options.notifyUser {
            description.set("notify_user", user)
            description.set("notification", "always")
        }
        for (key, value) in site.submitCommands { description.set(key, value) }
        base = description
    }

    /// jobs_all.sub: every job, one chunksize per line.
    func batch(chunksizes: [Int]) -> SubmitDescription {
        var description = base
        description.queue = .from(variable: "chunksize", items: chunksizes.map(String.init))
        return description
    }

    /// The macros a job_N.sub has written in: the job's index and its chunksize.
    static let jobMacros = ["$(ProcId)", "$(chunksize)"]

    /// job_N.sub: job N alone, with its values written in — the shared description with `$(ProcId)` and
    /// `$(chunksize)` replaced and the log named per job (`job_$(ClusterId).N.log`), as PocketCoffea's
    /// resubmission files are. Cut once; fill with ``jobMacros`` values: `[String(N), String(chunksize)]`.
    func singleTemplate() -> SubmitTemplate {
        var description = base.mappingValues { key, value in
            key == "Log" ? value.replacingOccurrences(of: "$(ClusterId).log", with: "$(ClusterId).$(ProcId).log") : value
        }
        description.queue = .single
        return SubmitTemplate(description, filling: Self.jobMacros)
    }
}
