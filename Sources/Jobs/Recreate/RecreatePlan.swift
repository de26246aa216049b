// Jobs layer: the changes one `--recreate-jobs` pass makes, computed before anything is written, so a
// dry run can print all of them and a real run can write them all before the first condor_submit.

import Condor
import Configuration
import Foundation

/// The new contents of the files a recreate pass rewrites.
struct RecreatePlan {
    /// One job's changes.
    struct Job {
        var index: Int
        /// The per-job configurator's new text, when its fileset changed.
        var configText: String?
        /// The job's datasets after the rewrite (for jobs_config.yaml).
        var datasets: [Dataset]
        /// job_N.sub's new text, when it changed.
        var submitText: String?
        /// Its logs that showed an XRootD failure, moved to logs/processedlogs/ once the rewrite is written.
        var processedLogs: [String]
        /// The inputs that failed to read.
        var failedInputs: [String]
    }

    var jobs: [Job] = []
    /// Whole-folder files: path → new text (inner_run_options.yaml, job.sh, jobs_all.sub, jobs_config.yaml).
    var files: [(path: String, text: String, permissions: mode_t)] = []
    /// The failed-inputs list after this pass.
    var failedInputsText: String?

    /// What the plan writes, one line per file, for a dry run.
    func describe(folder: JobsFolder) -> [String] {
        var lines: [String] = []
        for job in jobs {
            if job.configText != nil { lines.append("dry run: would rewrite \(folder.configFile(job.index))") }
            if job.submitText != nil { lines.append("dry run: would rewrite \(folder.submitFile(job.index))") }
            for log in job.processedLogs { lines.append("dry run: would move \(log) to \(folder.processedLogs)/") }
        }
        for file in files { lines.append("dry run: would rewrite \(file.path)") }
        if failedInputsText != nil { lines.append("dry run: would rewrite \(folder.failedInputsList)") }
        for job in jobs {
            lines.append("dry run: would run condor_submit \(JobsFolder.jobName(job.index)).sub in \(folder.path)")
        }
        return lines
    }

    /// Writes every file (each atomically) and moves the processed logs.
    ///
    /// - Throws: ``JobsError`` naming the file that could not be written.
    func write(folder: JobsFolder) throws(JobsError) {
        do {
            for job in jobs {
                if let text = job.configText { try AtomicFile.write(text, to: folder.configFile(job.index)) }
                if let text = job.submitText { try AtomicFile.write(text, to: folder.submitFile(job.index)) }
            }
            for file in files { try AtomicFile.write(file.text, to: file.path, permissions: file.permissions) }
            if let text = failedInputsText { try AtomicFile.write(text, to: folder.failedInputsList) }
        } catch {
            throw JobsError(error.description)
        }
        let logs = jobs.flatMap(\.processedLogs)
        guard !logs.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: folder.processedLogs, withIntermediateDirectories: true)
            for log in logs {
                let target = folder.processedLogs + "/" + (log as NSString).lastPathComponent
                if FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
                try FileManager.default.moveItem(atPath: log, toPath: target)
            }
        } catch {
            throw JobsError("cannot move logs to \(folder.processedLogs): \(error.localizedDescription)")
        }
    }
}
