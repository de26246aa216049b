// CLI layer: `hadd-skimmed-files` — regroups the small skimmed files of each dataset of a skimmed
// dataset definition into larger files (ROOTIO's own concatenation, not ROOT's hadd), checks each
// file's entries after writing, and writes hadd.json and skimmed_dataset_definition_hadd.json in the
// current folder, as PocketCoffea does.

import Analysis
import ArgumentParser
import Configuration
import Executors
import Foundation

extension PocketCoffea {
    /// Regroups many small skimmed files into fewer larger ones.
    struct HaddSkimmedFiles: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hadd-skimmed-files",
            abstract:
                "Regroup the small skimmed files of each dataset into larger files and write the new dataset definition.",
            discussion: """
                Writes <outputdir>/<dataset>/<dataset>_<n>.root, then hadd.json (the groups) and
                skimmed_dataset_definition_hadd.json (the new dataset definition) in the current folder.
                Examples:
                  hadd-skimmed-files -fl out/skimmed_dataset_definition.json -o skims_hadd -e 500000 -s 4
                  hadd-skimmed-files -fl out/skimmed_dataset_definition.json -o skims_hadd --size 2000
                  hadd-skimmed-files -fl out/skimmed_dataset_definition.json -o root://eosuser.cern.ch//eos/user/m/me/skims -f 20
                """
        )

        /// The files written in the current folder.
        static let planFile = "hadd.json"
        static let definitionFile = "skimmed_dataset_definition_hadd.json"

        @Option(
            name: ["-fl", "--files-list"], help: "The skimmed dataset definition (skimmed_dataset_definition.json).")
        var filesList: String

        @Option(name: ["-o", "--outputdir"], help: "The folder (or root:// URL) for the regrouped files.")
        var outputdir: String

        @Option(name: ["-fs", "--filter-samples"], help: "Regroup only these samples (comma-separated).")
        var filterSamples: String?

        @Option(help: "Regroup only these datasets (comma-separated).")
        var filterDatasets: String?

        @Option(name: ["-f", "--files"], help: "Skimmed files per regrouped file (at most 500).")
        var files: Int?

        @Option(name: ["-e", "--events"], help: "Events per regrouped file.")
        var events: Int?

        @Option(
            name: ["-S", "--size"],
            help: ArgumentHelp("Megabytes of skimmed files per regrouped file (not in the reference).", valueName: "MB")
        )
        var size: Double?

        @Option(name: ["-s", "--scaleout"], help: "Parallel workers.")
        var scaleout = 2

        @Flag(help: "Overwrite existing regrouped files.")
        var overwrite = false

        @Flag(help: "Write the groups and the new definition without regrouping any file.")
        var dry = false

        @Flag(help: "Regroup nothing: check that every expected output exists and has its events.")
        var check = false

        func validate() throws {
            if let files, files < 1 { throw ValidationError("--files must be 1 or more") }
            if let events, events < 1 { throw ValidationError("--events must be 1 or more") }
            if let size, !(size > 0) { throw ValidationError("--size must be a positive number of megabytes") }
            if scaleout < 1 { throw ValidationError("--scaleout must be 1 or more") }
        }

        func run() throws {
            try Console.reportingErrors {
                let path = AnalysisConfigurator.absolutePath(filesList)
                var datasets = try DatasetCatalog.load(paths: [path]).datasets
                let samples = filterSamples.map { Set($0.split(separator: ",").map(String.init)) }
                let names = filterDatasets.map { Set($0.split(separator: ",").map(String.init)) }
                datasets.removeAll { samples?.contains($0.sample) == false || names?.contains($0.name) == false }
                let folder = outputdir.hasPrefix("root://") ? outputdir : AnalysisConfigurator.absolutePath(outputdir)
                var regrouping = SkimRegrouping(
                    datasets: datasets, outputFolder: folder, filesPerGroup: files, eventsPerGroup: events)
                regrouping.bytesPerGroup = size.map { Int64($0 * 1_000_000) }
                let groups = try regrouping.groups()
                print("We will hadd \(groups.count) groups of files.")
                print("Datasets: \(datasets.map(\.name).joined(separator: ", "))")
                try AtomicFile.write(JSONWriter.string(regrouping.plan(groups)) + "\n", to: Self.planFile)
                if check { return try report(groups.map { ($0, regrouping.check($0)) }, verb: "checked") }
                if !dry {
                    let outcomes = regrouping.write(groups, workers: scaleout, overwrite: overwrite)
                    for (group, outcome) in zip(groups, outcomes) where outcome == .kept {
                        print(
                            "\(group.output) already exists with its \(group.events) events; kept (--overwrite replaces it)"
                        )
                    }
                    try report(
                        zip(groups, outcomes).map { group, outcome in
                            guard case .failed(let reason) = outcome else { return (group, nil) }
                            return (group, reason)
                        }, verb: "written")
                }
                try AtomicFile.write(JSONWriter.string(regrouping.definition(groups)) + "\n", to: Self.definitionFile)
                print("Dataset definition of the regrouped files: \(Self.definitionFile)")
            }
        }

        /// Prints the groups that failed, with why; fails when any did.
        private func report(_ results: [(SkimGroup, String?)], verb: String) throws {
            let failed = results.filter { $0.1 != nil }
            for (group, reason) in failed { Console.error("[\(group.dataset)] \(group.output): \(reason ?? "")") }
            guard failed.isEmpty else {
                Console.error(
                    "\(failed.count) of \(results.count) regrouped files failed; rerun hadd-skimmed-files (without --check) to write them"
                )
                throw ExitCode.failure
            }
            print("\(results.count) regrouped files \(verb), each with the events of its inputs.")
        }
    }
}
