// Configuration layer: run options given as extra command-line arguments, as PocketCoffea accepts them:
// `--max-events-per-job=200000`, `--split-by-category true`, `--dry-run` (a bare flag is `true`).
// Each value is read as YAML, so numbers, booleans and `{SAMPLE: N, default: N}` mappings keep their types.

/// Parses extra `--key=value` arguments into run options.
public enum RunOptionArguments {
    /// The run options named by `arguments`, in order.
    ///
    /// - Throws: ``ConfigurationError`` for an argument that is not `--key`, or a key that is not a run option.
    public static func parse(_ arguments: [String]) throws(ConfigurationError) -> OrderedObject {
        var options = OrderedObject()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw ConfigurationError(
                    .unknownKey, location: argument, "unexpected argument '\(argument)'",
                    fix: "run options are given as --KEY=VALUE, e.g. --max-events-per-job=200000")
            }
            let body = argument.dropFirst(2)
            let key: String
            let text: String
            if let equals = body.firstIndex(of: "=") {
                key = String(body[..<equals])
                text = String(body[body.index(after: equals)...])
            } else if index < arguments.count, !arguments[index].hasPrefix("--") {
                key = String(body)
                text = arguments[index]
                index += 1
            } else {
                key = String(body)
                text = "true"
            }
            guard RunOptionSchema.kind(of: key) != nil else {
                let hint = RunOptionSchema.suggestion(for: key).map { "did you mean --\($0)?" }
                throw ConfigurationError(
                    .unknownKey, location: "--\(key)", "'--\(key)' is neither an option of run nor a run option",
                    fix: hint ?? "see 'pocket-coffea run --help' and share/executor_options_defaults.yaml")
            }
            options[key] = (try? YAMLReader.parse(text)) ?? .string(text)
        }
        return options
    }
}
