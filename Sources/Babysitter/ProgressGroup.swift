// Babysitter layer: the per-sample (or per-dataset) progress table, built from jobs_config.yaml's
// `jobs_list` — each job's filesets name its datasets and their `sample` metadata.

import Configuration
import Jobs

/// The progress of the jobs of one sample or dataset.
public struct ProgressGroup: Sendable, Equatable {
    /// The sample or dataset name.
    public var name: String
    /// Jobs by state.
    public var counts: [JobsFolder.Flag: Int] = [:]
    /// The number of jobs.
    public var total = 0

    /// The count of jobs in `flag`.
    public func count(_ flag: JobsFolder.Flag) -> Int { counts[flag] ?? 0 }

    /// The share of jobs done, 0…100.
    public var percentDone: Double { total == 0 ? 0 : 100 * Double(count(.done)) / Double(total) }

    /// Groups `states` by `membership` (job → group names), slowest first, then by name.
    public static func groups(
        states: [Int: JobsFolder.Flag], membership: [Int: [String]]
    ) -> [ProgressGroup] {
        var byName: [String: ProgressGroup] = [:]
        for (index, names) in membership {
            for name in names {
                var group = byName[name] ?? ProgressGroup(name: name)
                group.total += 1
                if let state = states[index] { group.counts[state, default: 0] += 1 }
                byName[name] = group
            }
        }
        return byName.values.sorted { ($0.percentDone, $0.name) < ($1.percentDone, $1.name) }
    }

    /// Job index → sample or dataset names, from a parsed jobs_config.yaml.
    public static func membership(jobsConfig: ConfigValue, by grouping: ProgressGrouping) -> [Int: [String]] {
        guard grouping != .none, let list = jobsConfig["jobs_list"]?.objectValue else { return [:] }
        var result: [Int: [String]] = [:]
        for name in list.keys {
            guard name.hasPrefix("job_"), let index = Int(name.dropFirst(4)),
                let filesets = list[name]?["filesets"]?.objectValue
            else { continue }
            var names: [String] = []
            for dataset in filesets.keys {
                let group =
                    grouping == .dataset
                    ? dataset : (filesets[dataset]?["metadata"]?["sample"]?.stringValue ?? dataset)
                if !names.contains(group) { names.append(group) }
            }
            result[index] = names
        }
        return result
    }
}
