// CLI layer: multi-call dispatch. When the binary is started through a link named after a subcommand
// (`check-jobs`, `merge-outputs`, …) it acts as that subcommand.

/// Maps the process arguments to the arguments of the root command.
public enum MultiCall {
    /// The names under which the binary acts as one of its subcommands.
    public static let linkNames = [
        "check-jobs", "merge-outputs", "build-datasets", "make-plots", "hadd-skimmed-files",
    ]

    /// The arguments for `PocketCoffea.main`, given the full `CommandLine.arguments` (program name first).
    public static func arguments(from commandLine: [String]) -> [String] {
        let program = commandLine.first.map { String($0.split(separator: "/").last ?? "") } ?? ""
        let rest = Array(commandLine.dropFirst())
        return linkNames.contains(program) ? [program] + rest : rest
    }
}
