// Executors layer: `--process-separately` — one output per dataset, or per group of samples
// (`group-samples: {GROUP: [SAMPLE, …]}` in the run options); datasets of no group are their own group.
// The names of the groups that fail are kept in failed_jobs.json for `--resubmit-failed`.

import Configuration
import Foundation

/// The datasets processed together under one name.
public struct DatasetGroup: Sendable {
    public var name: String
    public var datasets: [Dataset]
}

public enum DatasetGroups {
    /// The file listing the groups that failed, in the output folder.
    public static let failedJobsFileName = "failed_jobs.json"

    /// Groups `datasets` by `groupSamples` (group → samples), in the reference's order: the groups first,
    /// then every remaining dataset alone.
    public static func groups(_ datasets: [Dataset], groupSamples: [(group: String, samples: [String])]?)
        -> [DatasetGroup]
    {
        var remaining = datasets
        var groups: [DatasetGroup] = []
        for (group, samples) in groupSamples ?? [] {
            let names = Set(samples)
            let members = remaining.filter { names.contains($0.sample) }
            remaining.removeAll { names.contains($0.sample) }
            if !members.isEmpty { groups.append(DatasetGroup(name: group, datasets: members)) }
        }
        return groups + remaining.map { DatasetGroup(name: $0.name, datasets: [$0]) }
    }

    /// The group names in `folder`'s failed_jobs.json, or `nil` when there is none.
    public static func failedGroups(in folder: String) throws(ConfigurationError) -> [String]? {
        let path = folder + "/" + failedJobsFileName
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let value = try JSONReader.parse(contentsOf: path)
        guard let names = value.coercedStringList else {
            throw ConfigurationError(
                .invalidValue, file: path, "failed_jobs.json must be a list of dataset or group names")
        }
        return names
    }

    /// Writes the names of the failed groups (an empty list when none failed).
    public static func writeFailedGroups(_ names: [String], in folder: String) throws(ConfigurationError) {
        try AtomicFile.write(
            JSONWriter.string(.array(names.map { .string($0) }), pretty: true) + "\n",
            to: folder + "/" + failedJobsFileName)
    }
}
