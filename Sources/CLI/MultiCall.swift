// CLI layer: multi-call dispatch. When the binary is started through a link named after a subcommand
// (`check-jobs`, `merge-outputs`, …) it acts as that subcommand.

/// Maps the process arguments to the arguments of the root command.
public enum MultiCall {
    /// The names under which the binary acts as one of its subcommands.
    public static let linkNames = [
        "check-jobs", "merge-outputs", "build-datasets", "make-plots", "hadd-skimmed-files",
    ]

    /// Names under which the binary stands in for another tool, mapped to the subcommand that does it.
    ///
    /// `make install` never creates these links: a user makes one on purpose (see `condor-sim --help`).
    public static let standIns = ["condor_submit": ["condor-sim", "submit"]]

    /// The arguments for `PocketCoffea.main`, given the full `CommandLine.arguments` (program name first).
    public static func arguments(from commandLine: [String]) -> [String] {
        let program = commandLine.first.map { String($0.split(separator: "/").last ?? "") } ?? ""
        let rest = Array(commandLine.dropFirst())
        if let command = standIns[program] { return command + rest }
        let arguments = linkNames.contains(program) ? [program] + rest : rest
        guard arguments.first == "merge-outputs" else { return arguments }
        return ["merge-outputs"] + PackedFileArguments.packed(Array(arguments.dropFirst()))
    }
}
