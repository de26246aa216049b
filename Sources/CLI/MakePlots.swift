// CLI layer: `make-plots` — plots from a merged output. Not in this build, which the command says plainly.

import ArgumentParser

extension PocketCoffea {
    /// Draws data/MC plots from a merged output.
    struct MakePlots: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Draw data/MC plots from a merged output.")

        @Option(name: ["-i", "--inputfile"], help: "The merged output file.")
        var inputfile: String

        @Option(name: ["-o", "--outputdir"], help: "The folder for the plots.")
        var outputdir = "plots"

        @Option(name: ["-op", "--overwrite-parameters"], help: "YAML files of plotting parameters (comma-separated).")
        var overwriteParameters: String?

        @Option(name: ["-v", "--variables"], help: "Plot only these variables (comma-separated).")
        var variables: String?

        @Flag(name: ["--log"], help: "Logarithmic y axis.")
        var log = false

        @Option(name: ["-j", "--workers"], help: "Parallel plotting processes.")
        var workers = 8

        func run() throws {
            try Console.reportingErrors {
                throw CapabilityMissing(what: "make-plots", missing: "plotting is not implemented yet")
            }
        }
    }
}
