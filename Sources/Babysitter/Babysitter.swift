// Babysitter layer: check-jobs. Each poll scans the flag files, reads what the HTCondor user logs
// gained since the last poll, handles aborts and holds, diagnoses failed jobs and, with --resubmit,
// resubmits them. Everything that must outlive the process is in ``BabysitterState``; a session starts
// by reconciling the submissions a killed session left in flight.

import Condor
import Configuration
import Foundation
import Jobs

/// Watches one jobs folder, poll after poll.
public final class Babysitter {
    /// What to do.
    public let request: BabysitterRequest
    /// Receives one line per change (an abort, a resubmission, a blacklisted site).
    public var log: (String) -> Void

    var state: BabysitterState
    var reader = UserLogReader()
    var holds: [Int: String] = [:]
    private var jobsList: [Int]?
    private var membership: [Int: [String]] = [:]
    private var reconciled = false

    var folder: JobsFolder { request.folder }

    /// A babysitter for `request.folder`, with the state a previous session left there.
    ///
    /// - Throws: ``BabysitterError`` when the folder is not a jobs folder or its state file is damaged.
    public init(request: BabysitterRequest, log: @escaping (String) -> Void) throws(BabysitterError) {
        self.request = request
        self.log = log
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: request.folder.path, isDirectory: &isFolder), isFolder.boolValue
        else {
            throw BabysitterError(
                "\(request.folder.path) is not a folder", fix: "pass the jobs folder that run wrote, e.g. -j out/job")
        }
        state = try BabysitterState.load(from: request.folder.path)
        if let config = try? Self.readJobsConfig(request.folder) {
            let list = config["jobs_list"]?.objectValue?.keys.compactMap { name in
                name.hasPrefix("job_") ? Int(name.dropFirst(4)) : nil
            }
            jobsList = list
            membership = ProgressGroup.membership(jobsConfig: config, by: request.grouping)
        }
    }

    /// One poll: scan, events, diagnosis and (with --resubmit) resubmission.
    ///
    /// - Throws: ``BabysitterError`` when the state cannot be saved; nothing is submitted then.
    public func poll() throws(BabysitterError) -> BabysitterReport {
        var scan = JobsFolderScan(folder, jobsList: jobsList)
        if !reconciled {
            try reconcile(scan)
            reconciled = true
            scan = JobsFolderScan(folder, jobsList: jobsList)
        }
        try handleEvents(scan)
        scan = JobsFolderScan(folder, jobsList: jobsList)
        if request.resubmit {
            try resubmitFailed(scan)
            scan = JobsFolderScan(folder, jobsList: jobsList)
        }
        return report(scan)
    }

    /// Polls every `request.pollInterval` seconds until every job is done or failed, or `shouldStop` says so.
    ///
    /// - Parameters:
    ///   - render: receives each poll's report.
    ///   - shouldStop: asked between polls (Ctrl-C detaches through it).
    /// - Returns: the last report.
    public func run(render: (BabysitterReport) -> Void, shouldStop: () -> Bool = { false }) throws(BabysitterError)
        -> BabysitterReport
    {
        while true {
            let report = try poll()
            render(report)
            if report.isComplete && pendingFailures(report) == 0 || shouldStop() { return report }
            var slept = 0.0
            while slept < request.pollInterval && !shouldStop() {
                let step = min(0.2, request.pollInterval - slept)
                Thread.sleep(forTimeInterval: step)
                slept += step
            }
            if shouldStop() { return report }
        }
    }

    /// Failed jobs that --resubmit will still resubmit (not given up): the session is not over for them.
    private func pendingFailures(_ report: BabysitterReport) -> Int {
        guard request.resubmit else { return 0 }
        return report.states.filter { $0.value == .failed && !state.givenUp.contains($0.key) }.count
    }

    // MARK: - Report

    private func report(_ scan: JobsFolderScan) -> BabysitterReport {
        var report = BabysitterReport(folder: folder.path)
        report.total = scan.jobs.count
        for index in scan.jobs {
            guard let flag = scan.state(of: index) else { continue }
            report.states[index] = flag
            report.counts[flag, default: 0] += 1
            if flag == .failed {
                report.failures[index] = FailureDiagnosis.diagnose(
                    logs: scan.jobLogs[index] ?? [], inputs: inputs(of: index))
            }
        }
        report.holds = holds.filter { report.states[$0.key] != .done }
        report.givenUp = state.givenUp.sorted()
        report.attempts = state.attempts
        report.groups = ProgressGroup.groups(states: report.states, membership: membership)
        report.jobsSpanGroups = membership.values.contains { $0.count > 1 }
        return report
    }

    /// The input files of job `index`, from its configurator.
    func inputs(of index: Int) -> [String] {
        guard let config = try? JSONReader.parse(contentsOf: folder.configFile(index)),
            let datasets = try? DatasetCatalog.parse(config["datasets"] ?? .null, file: folder.configFile(index))
        else { return [] }
        return datasets.flatMap(\.files)
    }

    static func readJobsConfig(_ folder: JobsFolder) throws -> ConfigValue {
        if let value = try? JSONReader.parse(contentsOf: folder.jobsConfig) { return value }
        return try YAMLReader.parse(contentsOf: folder.jobsConfig)
    }

    // MARK: - Flags

    /// Sets job `index` to `flag`: the new flag is written before the others go, as job.sh does it.
    func setFlag(_ index: Int, _ flag: JobsFolder.Flag) {
        _ = FileManager.default.createFile(atPath: folder.flagFile(index, flag), contents: Data())
        for other in JobsFolder.Flag.allCases where other != flag { unlink(folder.flagFile(index, other)) }
    }

    func save() throws(BabysitterError) {
        try state.save(in: folder.path)
    }
}
