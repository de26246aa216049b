// Configuration layer: run options that are either one number for everything or a per-sample
// mapping with an optional `default` (chunksize, max-events-per-job).

/// A whole number that is either global or chosen per sample.
public enum SampleSetting: Sendable, Equatable {
    /// The same value for every sample.
    case scalar(Int)
    /// A value per sample name, with `default` for the samples not listed.
    case perSample(values: [(sample: String, value: Int)], fallback: Int?)

    /// The value for `sample`, or `nil` when a per-sample mapping has neither an entry nor a default.
    public func value(for sample: String) -> Int? {
        switch self {
        case .scalar(let value): value
        case .perSample(let values, let fallback): values.first { $0.sample == sample }?.value ?? fallback
        }
    }

    /// The sample names a per-sample mapping lists (without `default`).
    public var listedSamples: [String] {
        if case .perSample(let values, _) = self { return values.map(\.sample) }
        return []
    }

    /// Reads a number or a `{sample: N, default: N}` mapping; every number must be positive.
    public init(_ value: ConfigValue, key: String) throws(ConfigurationError) {
        if let number = value.coercedInt {
            guard number > 0 else { throw Self.notPositive(key, number) }
            self = .scalar(number)
            return
        }
        guard let object = value.objectValue else {
            throw ConfigurationError(
                .invalidValue, location: key,
                "'\(key)' must be a positive number or a mapping {SAMPLE: N, default: N}, not \(value.kindDescription)")
        }
        var values: [(String, Int)] = []
        var fallback: Int?
        for (sample, entry) in object.entries {
            guard let number = entry.coercedInt else {
                throw ConfigurationError(
                    .invalidValue, location: "\(key).\(sample)",
                    "'\(key).\(sample)' must be a whole number, not \(entry.kindDescription)")
            }
            guard number > 0 else { throw Self.notPositive("\(key).\(sample)", number) }
            if sample == "default" { fallback = number } else { values.append((sample, number)) }
        }
        self = .perSample(values: values, fallback: fallback)
    }

    /// The setting as it is written in YAML/JSON.
    public var configValue: ConfigValue {
        switch self {
        case .scalar(let value):
            return .int(value)
        case .perSample(let values, let fallback):
            var object = OrderedObject(values.map { ($0.sample, ConfigValue.int($0.value)) })
            if let fallback { object["default"] = .int(fallback) }
            return .object(object)
        }
    }

    public static func == (lhs: SampleSetting, rhs: SampleSetting) -> Bool { lhs.configValue == rhs.configValue }

    private static func notPositive(_ key: String, _ number: Int) -> ConfigurationError {
        ConfigurationError(.invalidValue, location: key, "'\(key)' must be at least 1, not \(number)")
    }
}
