// CLI layer: what `run --executor condor@SITE` prints — the jobs table (job, dataset, files, events)
// with totals, as the reference prints it, and where the jobs folder is.

import Jobs

enum JobsReport {
    /// The jobs table and totals.
    static func table(_ compiled: CompiledJobs) -> String {
        var table = TextTable(header: ["job", "dataset", "files", "events", "chunksize"], rightAligned: [0, 2, 3, 4])
        for (index, job) in compiled.jobs.enumerated() {
            for (position, dataset) in job.datasets.enumerated() {
                table.rows.append([
                    position == 0 ? String(index) : "", dataset.name, String(dataset.files.count),
                    position == 0 ? String(job.events) : "", position == 0 ? String(compiled.chunksizes[index]) : "",
                ])
            }
        }
        let files = compiled.jobs.reduce(0) { $0 + $1.fileCount }
        let events = compiled.jobs.reduce(0) { $0 + $1.events }
        table.rows.append(["\(compiled.jobs.count)", "Total", String(files), String(events), ""])
        return table.text
    }
}
