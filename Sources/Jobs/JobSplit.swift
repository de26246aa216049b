// Jobs layer: the unit the splitter produces — one batch job's share of the fileset.

import Configuration

/// One job: the datasets it processes (each with a slice of its files) and the events expected.
public struct JobSplit: Sendable, Equatable {
    /// The datasets of this job, each with only this job's files; metadata unchanged.
    public var datasets: [Dataset]
    /// Expected events: for each file, its dataset's events per file rounded up.
    public var events: Int

    /// The number of files in the job.
    public var fileCount: Int { datasets.reduce(0) { $0 + $1.files.count } }

    /// The samples the job covers, in order of first appearance.
    public var samples: [String] {
        var seen: [String] = []
        for dataset in datasets where !seen.contains(dataset.sample) { seen.append(dataset.sample) }
        return seen
    }
}
