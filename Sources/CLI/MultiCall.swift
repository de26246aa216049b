// CLI layer: multi-call dispatch. When the binary is started through a link named after a subcommand
// (`check-jobs`, `merge-outputs`, …) it acts as that subcommand.

/// Maps the process arguments to the arguments of the root command.
public enum MultiCall {
    /// The names under which the binary acts as one of its subcommands.
    public static let linkNames = [
        "check-jobs", "merge-outputs", "build-datasets", "make-plots", "hadd-skimmed-files",
    ]

    /// The subcommand that does the work of another tool when the binary runs under that tool's name.
    ///
    /// `make install` never creates these links: a user makes one on purpose (see `condor-sim --help`).
    /// A switch rather than a dictionary: this runs at every start, and building a dictionary there costs
    /// the Swift runtime a scan of its conformance tables.
    static func standIn(for program: String) -> [String]? {
        switch program {
        case "condor_submit": ["condor-sim", "submit"]
        default: nil
        }
    }

    /// The arguments for `PocketCoffea.main`, given the full `CommandLine.arguments` (program name first).
    public static func arguments(from commandLine: [String]) -> [String] {
        let program = commandLine.first.map { String($0.split(separator: "/").last ?? "") } ?? ""
        let rest = Array(commandLine.dropFirst())
        if let command = standIn(for: program) { return command + rest }
        let arguments = linkNames.contains(program) ? [program] + rest : rest
        guard arguments.first == "merge-outputs" else { return arguments }
        return ["merge-outputs"] + PackedFileArguments.packed(Array(arguments.dropFirst()))
    }
}
