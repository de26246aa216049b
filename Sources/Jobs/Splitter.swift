// Jobs layer: splits a fileset into batch jobs, in PocketCoffea's order of precedence:
//   1. max-events-per-job as a per-sample mapping: every dataset split on its own;
//   2. max-events-per-job as a number: files packed across datasets up to the budget;
//   3. scaleout N: exactly N jobs when there are at least N files (balanced by events);
//   4. nothing: one job, with a warning that says how to split.
// Events per file are estimated as ceil(dataset nevents / file count). Order of datasets and files is kept.

import Configuration

/// Splits datasets into jobs.
public struct Splitter: Sendable {
    /// What the splitter decided, for the user.
    public var messages: [String] = []
    /// Things the user should know (unused dict keys, fewer jobs than asked).
    public var warnings: [String] = []

    public init() {}

    /// Splits `datasets` following the run options' `max-events-per-job` and `scaleout`.
    ///
    /// - Throws: ``JobsError`` when a per-sample mapping has neither an entry nor a default for a sample.
    public mutating func split(_ datasets: [Dataset], options: RunOptions) throws(JobsError) -> [JobSplit] {
        let usable = datasets.filter { !$0.files.isEmpty }
        if let maxEvents = options.maxEventsPerJob {
            switch maxEvents {
            case .perSample:
                return try splitPerSample(usable, setting: maxEvents)
            case .scalar(let budget):
                let total = usable.reduce(0) { $0 + $1.nevents }
                messages.append(
                    "Splitting the fileset in about \(max(1, total / budget)) jobs with \(budget) events each")
                return packed(usable, budget: budget)
            }
        }
        guard let scaleout = options.scaleout else {
            warnings.append(
                "no splitting given: everything goes into one job; set --scaleout N or max-events-per-job (e.g. --max-events-per-job=500000)"
            )
            return packed(usable, budget: Int.max)
        }
        return balanced(usable, jobs: scaleout)
    }

    // MARK: - Modes

    private mutating func splitPerSample(_ datasets: [Dataset], setting: SampleSetting) throws(JobsError) -> [JobSplit]
    {
        warnUnknownKeys(setting, datasets: datasets, option: "max-events-per-job")
        var jobs: [JobSplit] = []
        for dataset in datasets {
            guard let budget = setting.value(for: dataset.sample) else {
                throw JobsError(
                    "max-events-per-job dict has no entry for sample '\(dataset.sample)' (dataset '\(dataset.name)') and no 'default' fallback",
                    fix: "add '\(dataset.sample): N' or 'default: N' to max-events-per-job")
            }
            messages.append(
                "[max-events-per-job] \(dataset.name) (sample=\(dataset.sample)): \(dataset.nevents) events, limit \(budget) ev/job"
            )
            jobs += packed([dataset], budget: budget)
        }
        return jobs
    }

    /// Greedy packing: files are added to the current job until it reaches `budget` events.
    private func packed(_ datasets: [Dataset], budget: Int) -> [JobSplit] {
        var jobs: [JobSplit] = []
        var current = JobSplit(datasets: [], events: 0)
        for dataset in datasets {
            let perFile = Self.eventsPerFile(dataset)
            var slice = dataset
            slice.files = []
            for file in dataset.files {
                slice.files.append(file)
                current.events += perFile
                if current.events >= budget {
                    current.datasets.append(slice)
                    jobs.append(current)
                    current = JobSplit(datasets: [], events: 0)
                    slice.files = []
                }
            }
            if !slice.files.isEmpty { current.datasets.append(slice) }
        }
        if !current.datasets.isEmpty { jobs.append(current) }
        return jobs
    }

    /// Exactly `count` contiguous jobs (fewer only when there are fewer files), with event counts as even
    /// as file boundaries allow: job k ends where the running total first reaches k/count of all events,
    /// while leaving at least one file for each job still to fill.
    private mutating func balanced(_ datasets: [Dataset], jobs count: Int) -> [JobSplit] {
        let perFile = datasets.map(Self.eventsPerFile)
        let fileCount = datasets.reduce(0) { $0 + $1.files.count }
        let jobCount = min(count, fileCount)
        if jobCount < count {
            warnings.append(
                "--scaleout \(count) asks for more jobs than there are files (\(fileCount)): making \(jobCount) jobs of one file each"
            )
        }
        let total = zip(datasets, perFile).reduce(0) { $0 + $1.0.files.count * $1.1 }
        messages.append(
            "Splitting the fileset in \(jobCount) jobs with about \(jobCount > 0 ? total / jobCount : 0) events each")
        // A cursor over the files of all datasets in order: `file` of `datasets[dataset]`. Each job's
        // files of one dataset are a contiguous range, cut out once the job or the dataset ends.
        var jobs: [JobSplit] = []
        jobs.reserveCapacity(jobCount)
        var dataset = 0
        var file = 0
        var taken = 0
        var running = 0
        for job in 0..<jobCount {
            let target = Double(total) * Double(job + 1) / Double(jobCount)
            let lastAllowed = fileCount - (jobCount - job)
            var split = JobSplit(datasets: [], events: 0)
            var first = file
            func cut() {
                guard first < file else { return }
                var slice = datasets[dataset]
                slice.files = Array(datasets[dataset].files[first..<file])
                split.datasets.append(slice)
            }
            repeat {
                while file == datasets[dataset].files.count {
                    cut()
                    dataset += 1
                    file = 0
                    first = 0
                }
                file += 1
                taken += 1
                split.events += perFile[dataset]
                running += perFile[dataset]
            } while taken <= lastAllowed && (Double(running) < target || job == jobCount - 1)
            cut()
            jobs.append(split)
        }
        return jobs
    }

    // MARK: - Helpers

    static func eventsPerFile(_ dataset: Dataset) -> Int {
        guard !dataset.files.isEmpty else { return 0 }
        return (dataset.nevents + dataset.files.count - 1) / dataset.files.count
    }

    mutating func warnUnknownKeys(_ setting: SampleSetting, datasets: [Dataset], option: String) {
        let present = Set(datasets.map(\.sample))
        let unknown = setting.listedSamples.filter { !present.contains($0) }.sorted()
        guard !unknown.isEmpty else { return }
        warnings.append(
            "[\(option)] dict keys [\(unknown.joined(separator: ", "))] do not match any sample in the current fileset. Samples present: [\(present.sorted().joined(separator: ", "))]. These keys will be ignored."
        )
    }
}
