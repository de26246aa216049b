// Configuration layer: correctionlib weights name their JSON file relative to the configurator
// (`weights.definitions.NAME.file`); they are made absolute when the YAML is read, so the resolved
// per-job configurator points at the same file wherever the job runs from.

/// Resolves the `file` of correctionlib weight definitions.
enum CorrectionFiles {
    /// `analysis` with every `weights.definitions.*.file` of a correction weight made absolute against `folder`.
    static func resolvingPaths(in analysis: OrderedObject, folder: String) -> OrderedObject {
        guard var weights = analysis["weights"]?.objectValue, var definitions = weights["definitions"]?.objectValue
        else { return analysis }
        for (name, value) in definitions.entries {
            guard var definition = value.objectValue, definition["correction"] != nil,
                let file = definition["file"]?.stringValue
            else { continue }
            definition["file"] = .string(AnalysisConfigurator.resolve(file, in: folder))
            definitions[name] = .object(definition)
        }
        weights["definitions"] = .object(definitions)
        var resolved = analysis
        resolved["weights"] = .object(weights)
        return resolved
    }
}
