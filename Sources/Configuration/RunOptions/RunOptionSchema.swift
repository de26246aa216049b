// Configuration layer: the table of known run-option keys. It is the one place that says which keys
// exist; the defaults YAML gives their values, and a key missing here is reported as unknown.

/// The known run-option keys and the kind of value each takes.
public enum RunOptionSchema {
    /// Every key, in the order they are printed.
    public static let keys: [(key: String, kind: RunOptionKind)] = [
        ("scaleout", .positiveInt),
        ("chunksize", .sampleSetting),
        ("max-events-per-job", .sampleSetting),
        ("limit-files", .positiveInt),
        ("limit-chunks", .positiveInt),
        ("retries", .count),
        ("tree-reduction", .positiveInt),
        ("skip-bad-files", .bool),
        ("voms-proxy", .string),
        ("ignore-grid-certificate", .bool),
        ("group-samples", .sampleGroups),
        ("starting-time", .string),
        ("queue", .string),
        ("walltime", .string),
        ("cores-per-worker", .positiveInt),
        ("mem-per-worker", .string),
        ("disk-per-worker", .string),
        ("worker-image", .string),
        ("custom-setup-commands", .stringList),
        ("conda-env", .pathOrBool),
        ("local-virtualenv", .pathOrBool),
        ("max-retries", .count),
        ("max-run-time", .positiveInt),
        ("notify-user", .string),
        ("job-name", .string),
        ("jobs-dir", .string),
        ("split-by-category", .bool),
        ("eos-prefix", .string),
        ("dry-run", .bool),
        ("blocklist-sites", .stringList),
        ("recreate-queue", .string),
        ("use-redirector", .bool),
        ("output-format", .outputFormat),
    ]

    private static let kinds = Dictionary(uniqueKeysWithValues: keys.map { ($0.key, $0.kind) })

    /// The kind of `key`, or `nil` when the key is unknown.
    public static func kind(of key: String) -> RunOptionKind? { kinds[key] }

    /// The known key closest to `key` (one typo, a `_` for a `-`), to suggest in a warning.
    public static func suggestion(for key: String) -> String? {
        let normalized = key.replacingOccurrences(of: "_", with: "-").lowercased()
        if kinds[normalized] != nil { return normalized }
        return keys.map(\.key).min { editDistance($0, normalized) < editDistance($1, normalized) }
            .flatMap { editDistance($0, normalized) <= 2 ? $0 : nil }
    }

    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
