// CLI layer: `hadd-skimmed-files` — regroups skimmed files. Not in this build, which the command says plainly.

import ArgumentParser

extension PocketCoffea {
    /// Regroups many small skimmed files into fewer larger ones.
    struct HaddSkimmedFiles: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Regroup the small skimmed files of each dataset into larger files and write the new dataset definition."
        )

        @Option(
            name: ["-fl", "--files-list"], help: "The skimmed dataset definition (skimmed_dataset_definition.json).")
        var filesList: String

        @Option(name: ["-o", "--outputdir"], help: "The folder (or root:// URL) for the regrouped files.")
        var outputdir: String?

        @Option(name: ["-fs", "--filter-samples"], help: "Regroup only these samples (comma-separated).")
        var filterSamples: String?

        @Option(help: "Regroup only these datasets (comma-separated).")
        var filterDatasets: String?

        @Option(name: ["-f", "--files"], help: "Skimmed files per regrouped file.")
        var files: Int?

        @Option(name: ["-e", "--events"], help: "Events per regrouped file.")
        var events: Int?

        @Option(name: ["-s", "--scaleout"], help: "Parallel workers.")
        var scaleout = 2

        @Flag(help: "Overwrite existing regrouped files.")
        var overwrite = false

        @Flag(help: "Write the groups and the new definition without regrouping any file.")
        var dry = false

        @Flag(help: "Regroup nothing: check that every expected output exists and has its events.")
        var check = false

        func run() throws {
            try Console.reportingErrors {
                throw CapabilityMissing(
                    what: "hadd-skimmed-files", missing: "regrouping skimmed files is not implemented yet")
            }
        }
    }
}
