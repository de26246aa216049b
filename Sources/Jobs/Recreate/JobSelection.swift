// Jobs layer: which jobs `--recreate-jobs` rebuilds — `auto` (every job whose flag says failed, running
// or idle), or a list of indices (`0,1,3`) or names (`job_0,job_1`).

import Foundation

/// The jobs to recreate, as the user wrote them.
public enum JobSelection: Sendable, Equatable {
    /// Failed, running and idle jobs.
    case auto
    /// These job indices.
    case indices([Int])

    /// Parses `auto`, `0,1,3` or `job_0,job_1`.
    ///
    /// - Throws: ``JobsError`` naming the item that is neither.
    public init(parsing text: String) throws(JobsError) {
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if items == ["auto"] {
            self = .auto
            return
        }
        var indices: [Int] = []
        for item in items {
            let number = item.hasPrefix("job_") ? String(item.dropFirst(4)) : item
            guard let index = Int(number), index >= 0 else {
                throw JobsError(
                    "--recreate-jobs: '\(item)' is not a job", fix: "write auto, indices (0,1,3) or names (job_0,job_1)"
                )
            }
            if !indices.contains(index) { indices.append(index) }
        }
        guard !indices.isEmpty else {
            throw JobsError("--recreate-jobs names no job", fix: "write auto, indices (0,1,3) or names (job_0,job_1)")
        }
        self = .indices(indices)
    }
}
