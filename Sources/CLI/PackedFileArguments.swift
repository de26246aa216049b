// CLI layer: thousands of file arguments for merge-outputs. swift-argument-parser's cost grows with the
// square of the number of values of one positional argument (0.7 s for 5,000 files, 10 s for 20,000), so
// before parsing, the positional arguments of merge-outputs are joined into one argument, separated by
// NUL — a byte no process argument can contain — and split again by the command.

/// Packs and unpacks merge-outputs' positional arguments.
enum PackedFileArguments {
    /// The separator inside a packed argument.
    static let separator: Character = "\u{0}"

    /// Fewer positional arguments than this are passed as they are.
    static let threshold = 64

    /// merge-outputs' options that take a value (the next argument, or `--name=value`); every other
    /// argument starting with `-` is a flag. A test checks this list against the command's help.
    static let valueOptions: Set<String> = [
        "-o", "--outputfile", "-jc", "--jobs-config", "-cfg", "--configurator", "-n", "--reduction", "-m",
        "--max-mem-gb", "--max_mem_gb", "-cd", "--cache-dir", "--cache_dir", "--skip-initial-events-check",
    ]

    /// `arguments` (merge-outputs' own, after its name) with their positional arguments joined into one,
    /// at the place of the first, when there are at least ``threshold`` of them.
    static func packed(_ arguments: [String]) -> [String] {
        var kept: [String] = []
        var files: [String] = []
        var firstFile: Int?
        var expectsValue = false
        var onlyFiles = false
        for argument in arguments {
            if expectsValue {
                kept.append(argument)
                expectsValue = false
            } else if onlyFiles || !argument.hasPrefix("-") || argument == "-" {
                firstFile = firstFile ?? kept.count
                files.append(argument)
            } else {
                kept.append(argument)
                if argument == "--" {
                    onlyFiles = true
                } else {
                    expectsValue = valueOptions.contains(argument)
                }
            }
        }
        // A packed argument starting with '-' would be read as an option.
        guard files.count >= threshold, let firstFile, !files[0].hasPrefix("-"),
            !files.contains(where: { $0.contains(separator) })
        else { return arguments }
        kept.insert(files.joined(separator: String(separator)), at: firstFile)
        return kept
    }

    /// The file arguments as given, a packed argument split again.
    static func unpacked(_ arguments: [String]) -> [String] {
        arguments.flatMap { argument in
            argument.contains(separator)
                ? argument.split(separator: separator, omittingEmptySubsequences: false).map(String.init) : [argument]
        }
    }
}
