// Configuration layer: the schema of the run options — every key PocketCoffea's
// executor_options_defaults.yaml knows, with the kind of value it takes. Values are checked here once,
// so the executors read typed values and never re-validate.

/// The kind of value a run-option key takes.
public enum RunOptionKind: Sendable {
    /// A whole number ≥ 1, or null for "not set".
    case positiveInt
    /// A whole number ≥ 0.
    case count
    /// true / false.
    case bool
    /// A string, or null.
    case string
    /// A list of strings (a single string or a comma-separated one is accepted).
    case stringList
    /// A positive number or a per-sample mapping with `default` (see ``SampleSetting``).
    case sampleSetting
    /// A mapping of group name to a list of sample names.
    case sampleGroups
    /// A string or a boolean: a path, or `true` for "the usual place".
    case pathOrBool
    /// `json` or `zip` (see ``OutputFormat``).
    case outputFormat

    /// Checks `value` and returns it in canonical form (strings of numbers become numbers, lists become lists).
    func normalize(_ value: ConfigValue, key: String) throws(ConfigurationError) -> ConfigValue {
        if case .null = value { return .null }
        switch self {
        case .positiveInt, .count:
            guard let number = value.coercedInt else { throw mismatch(key, value, "a whole number") }
            let minimum = self == .positiveInt ? 1 : 0
            guard number >= minimum else {
                throw ConfigurationError(
                    .invalidValue, location: key, "'\(key)' must be at least \(minimum), not \(number)")
            }
            return .int(number)
        case .bool:
            guard let flag = value.coercedBool else { throw mismatch(key, value, "true or false") }
            return .bool(flag)
        case .string:
            guard let text = value.coercedString else { throw mismatch(key, value, "a string") }
            return .string(text)
        case .stringList:
            if let text = value.stringValue {
                let items = text.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
                return .array(items.map(ConfigValue.string))
            }
            guard let items = value.coercedStringList else { throw mismatch(key, value, "a list of strings") }
            return .array(items.map(ConfigValue.string))
        case .sampleSetting:
            return try SampleSetting(value, key: key).configValue
        case .outputFormat:
            guard let text = value.coercedString, OutputFormat(rawValue: text.lowercased()) != nil else {
                throw mismatch(key, value, OutputFormat.allCases.map(\.rawValue).joined(separator: " or "))
            }
            return .string(text.lowercased())
        case .sampleGroups:
            guard let object = value.objectValue else { throw mismatch(key, value, "a mapping GROUP: [SAMPLE, ...]") }
            var groups = OrderedObject()
            for (group, samples) in object.entries {
                guard let list = samples.coercedStringList else {
                    throw mismatch("\(key).\(group)", samples, "a list of sample names")
                }
                groups[group] = .array(list.map(ConfigValue.string))
            }
            return .object(groups)
        case .pathOrBool:
            if let flag = value.coercedBool, value.stringValue == nil { return .bool(flag) }
            guard let text = value.coercedString else { throw mismatch(key, value, "a path or true/false") }
            return .string(text)
        }
    }

    private func mismatch(_ key: String, _ value: ConfigValue, _ expected: String) -> ConfigurationError {
        ConfigurationError(
            .invalidValue, location: key,
            "'\(key)' must be \(expected), not \(value.coercedString.map { "'\($0)'" } ?? value.kindDescription)")
    }
}
