// CLI layer: `hadd-skimmed-files` — regroups skimmed files. Not in this build, which the command says plainly.

import ArgumentParser

extension PocketCoffea {
    /// Regroups many small skimmed files into fewer larger ones.
    struct HaddSkimmedFiles: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Regroup small skimmed files of each dataset into files of a target size and write the new dataset definition."
        )

        @Option(name: ["-fl", "--files-list"], help: "The skimmed dataset definition (skimmed_dataset_definition.json).")
        var filesList: String

        @Option(name: ["-o", "--outputdir"], help: "The folder (or root:// URL) for the regrouped files.")
        var outputdir: String

        @Option(name: ["-f", "--files"], help: "Skimmed files per regrouped file.")
        var files: Int?

        @Option(name: ["-e", "--events"], help: "Events per regrouped file.")
        var events: Int?

        @Option(name: ["-s", "--scaleout"], help: "Parallel workers.")
        var scaleout = 2

        @Flag(help: "Print the groups without writing anything.")
        var dryRun = false

        func run() throws {
            try Console.reportingErrors {
                throw CapabilityMissing(what: "hadd-skimmed-files", missing: "regrouping skimmed files is not implemented yet")
            }
        }
    }
}
