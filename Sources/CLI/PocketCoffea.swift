// CLI layer: the root command. It lists the subcommands, prints the banner, and answers -v/--version.
// Every subcommand lives in its own file as an extension of PocketCoffea, and names itself
// (`commandName`): without it ArgumentParser derives the name from the type with String(describing:) each
// time it needs it, and each time the Swift runtime scans its conformance tables (~1.7 ms per start).

import ArgumentParser
import Configuration

/// `pocket-coffea`: compile, babysit, run and merge CMS NanoAOD analyses.
public struct PocketCoffea: ParsableCommand {
    /// The release of this binary.
    public static let version = Release.version

    public static let configuration = CommandConfiguration(
        commandName: "pocket-coffea",
        abstract:
            "Run CMS NanoAOD analyses at scale: compile HTCondor jobs, babysit them, process events, merge outputs.",
        discussion: """
            A typical analysis on lxplus:
              pocket-coffea run --cfg analysis.yaml -o out --executor condor@lxplus
              check-jobs -j out/job --resubmit
              merge-outputs -jc out/job

            Every subcommand also answers to its own name when the binary is linked
            under it: make install creates check-jobs, merge-outputs, ... links.
            """,
        subcommands: [
            Run.self, CheckJobs.self, MergeOutputs.self, BuildDatasets.self, MakePlots.self, HaddSkimmedFiles.self,
            Inspect.self, CondorSim.self,
        ]
    )

    @Flag(name: [.customShort("v"), .long], help: "Print the version and exit.")
    var version = false

    public init() {}

    public mutating func run() throws {
        if version {
            print("pocket-coffea \(Self.version)")
            return
        }
        print(Banner.text(version: Self.version))
        print(Self.helpMessage())
    }
}
