// CLI layer: `make-plots` — plots from a merged output. Not in this build, which the command says plainly.

import ArgumentParser

extension PocketCoffea {
    /// Draws data/MC plots from a merged output.
    struct MakePlots: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "make-plots", abstract: "Draw data/MC plots from merged outputs.")

        @Option(name: ["-inp", "--input-dir"], help: "The folder with the merged output and the parameters.")
        var inputDir: String?

        @Option(name: .long, help: "The YAML file of the analysis parameters.")
        var cfg: String?

        @Option(
            name: ["-op", "--overwrite-parameters"],
            help: "YAML files of plotting parameters that override the defaults.")
        var overwriteParameters: [String] = []

        @Option(name: ["-o", "--outputdir"], help: "The folder for the plots.")
        var outputdir: String?

        @Option(name: ["-i", "--inputfiles"], help: "Input files or patterns.")
        var inputfiles: [String] = []

        @Option(name: ["-j", "--workers"], help: "Parallel plotting processes.")
        var workers = 8

        @Option(name: ["-oc", "--only-cat"], help: "Plot only categories matching these strings.")
        var onlyCat: [String] = []

        @Option(name: ["-oy", "--only-year"], help: "Plot only these data-taking years.")
        var onlyYear: [String] = []

        @Option(name: ["-os", "--only-syst"], help: "Use only these systematics.")
        var onlySyst: [String] = []

        @Option(name: ["-e", "--exclude-hist"], help: "Skip histograms matching these regular expressions.")
        var excludeHist: [String] = []

        @Option(name: ["-oh", "--only-hist"], help: "Plot only histograms matching these regular expressions.")
        var onlyHist: [String] = []

        @Flag(name: ["-ns", "--no-syst"], help: "Leave systematics out.")
        var noSyst = false

        @Flag(name: ["--overwrite", "--over"], help: "Overwrite plots in the output folder.")
        var overwrite = false

        @Flag(help: "Logarithmic x axis.")
        var logX = false

        @Flag(help: "Logarithmic y axis.")
        var logY = false

        @Flag(help: "Normalize each histogram to unit area.")
        var density = false

        @Option(name: .long, help: "File format of the plots.")
        var format = "png"

        @Flag(help: "Compare samples with each other instead of data with MC.")
        var compare = false

        @Flag(help: "No data/MC ratio panel.")
        var noRatio = false

        @Flag(help: "The outputs were split by category when running and merging.")
        var splitByCategory = false

        func run() throws {
            try Console.reportingErrors {
                throw CapabilityMissing(what: "make-plots", missing: "plotting is not implemented yet")
            }
        }
    }
}
