// Configuration layer: the configurator's `parameters` — a list of YAML files and inline mappings merged
// in order (later ones win, mappings merged key by key), as PocketCoffea merges its OmegaConf parameters.

/// Merges parameter files and inline mappings.
enum ParameterFiles {
    /// The merged parameters of a `parameters:` value (a file, a mapping, or a list of either).
    static func merge(_ value: ConfigValue?, folder: String) throws(ConfigurationError) -> OrderedObject {
        var merged = OrderedObject()
        let items: [ConfigValue]
        switch value {
        case nil, .null?: items = []
        case .array(let list)?: items = list
        case let single?: items = [single]
        }
        for item in items {
            switch item {
            case .string(let path):
                let file = AnalysisConfigurator.resolve(path, in: folder)
                guard let object = try YAMLReader.parse(contentsOf: file).objectValue else {
                    throw ConfigurationError(.invalidValue, file: file, "a parameters file must be a mapping")
                }
                merged = deepMerge(merged, object)
            case .object(let object):
                merged = deepMerge(merged, object)
            default:
                throw ConfigurationError(
                    .invalidValue, location: "parameters",
                    "'parameters' entries must be file paths or mappings, not \(item.kindDescription)")
            }
        }
        return merged
    }

    /// `overlay` on top of `base`: mappings merge recursively, anything else is replaced.
    static func deepMerge(_ base: OrderedObject, _ overlay: OrderedObject) -> OrderedObject {
        var result = base
        for (key, value) in overlay.entries {
            if case .object(let inner)? = result[key], case .object(let overlayInner) = value {
                result[key] = .object(deepMerge(inner, overlayInner))
            } else {
                result[key] = value
            }
        }
        return result
    }
}
