// CLI layer: what `run --executor condor@SITE` prints — the jobs table (job, dataset, files, events)
// with totals, as the reference prints it, and where the jobs folder is. Thousands of jobs are shown
// by their first and last rows; every job is in jobs_config.yaml.

import Jobs

enum JobsReport {
    /// Jobs shown in full; beyond this the table keeps the first and last ones.
    static let fullTableLimit = 40
    static let shownAtEachEnd = 15

    /// The jobs table and totals.
    static func table(_ compiled: CompiledJobs) -> String {
        var table = TextTable(header: ["job", "dataset", "files", "events", "chunksize"], rightAligned: [0, 2, 3, 4])
        let count = compiled.jobs.count
        let shown: [Int] =
            count <= fullTableLimit
            ? Array(0..<count) : Array(0..<shownAtEachEnd) + Array((count - shownAtEachEnd)..<count)
        for index in shown {
            if count > fullTableLimit && index == count - shownAtEachEnd {
                let hidden = count - 2 * shownAtEachEnd
                table.rows.append(["…", "\(hidden) more jobs, all listed in jobs_config.yaml", "", "", ""])
            }
            let job = compiled.jobs[index]
            for (position, dataset) in job.datasets.enumerated() {
                table.rows.append([
                    position == 0 ? String(index) : "", dataset.name, String(dataset.files.count),
                    position == 0 ? String(job.events) : "", position == 0 ? String(compiled.chunksizes[index]) : "",
                ])
            }
        }
        let files = compiled.jobs.reduce(0) { $0 + $1.fileCount }
        // The total is the datasets' real count; the jobs' figures are estimates that round up per file.
        table.rows.append([
            "", "Total: \(count) job\(count == 1 ? "" : "s")", String(files), String(compiled.datasetEvents), "",
        ])
        return table.text + "\n" + estimateNote
    }

    static let estimateNote =
        "Events per job are estimates (each file counted as its dataset's events / files, rounded up); the total is the datasets' exact count."
}
