// Jobs layer: what `run --recreate-jobs` was asked to do to an existing jobs folder.

import Configuration
import Foundation

/// The options of one `--recreate-jobs` pass.
public struct RecreateRequest: Sendable {
    /// The jobs folder.
    public var folder: JobsFolder
    /// The jobs to recreate.
    public var selection: JobSelection
    /// Sites whose replicas must not be used (`--blocklist-sites`).
    public var blocklist: [String] = []
    /// Read every file through the global redirector, with no Rucio call (`--use-redirector`).
    public var useRedirector = false
    /// The queue to give the recreated jobs (`--recreate-queue`).
    public var queue: String?
    /// Write `skip-bad-files: true` into inner_run_options.yaml (`--skip-bad-files`).
    public var skipBadFiles = false
    /// Print every change, write and submit nothing.
    public var dryRun = false
    /// Where RUCIO_*, X509_*, XDG_CACHE_HOME/HOME and POCKET_COFFEA_SITECONF are read from.
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// The condor_submit program.
    public var submitter = "condor_submit"

    public init(folder: JobsFolder, selection: JobSelection) {
        self.folder = folder
        self.selection = selection
    }

    /// The request a resolved run asks for: the options come from its run options.
    public init(run: ResolvedRun, selection: JobSelection) {
        self.init(folder: JobsFolder.of(run), selection: selection)
        let options = run.runOptions
        blocklist = options.blocklistSites
        useRedirector = options.useRedirector
        queue = options.recreateQueue
        skipBadFiles = options.skipBadFiles
        dryRun = options.dryRun
    }
}

extension JobsFolder {
    /// The jobs folder of `run`: `<jobs-dir or outputdir>/<job-name>`.
    public static func of(_ run: ResolvedRun) -> JobsFolder {
        let parent = run.runOptions.jobsDir.map(AnalysisConfigurator.absolutePath) ?? run.outputDirectory
        return JobsFolder(path: parent + "/" + run.runOptions.jobName)
    }

    /// The folder where logs already read by recreate or check-jobs are moved.
    public var processedLogs: String { logs + "/processedlogs" }

    /// Inputs that failed to read, one URL per line, kept across passes.
    public var failedInputsList: String { path + "/xrootdfaillist.txt" }
}
