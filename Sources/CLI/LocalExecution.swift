// CLI layer: `run --executor iterative|futures` — process the datasets here, show progress with the
// event rate, write OUTPUTDIR/output_all.json (or .zip, output-format) and print the cutflow; a skim (save_skimmed_files) also
// writes OUTPUTDIR/skimmed_dataset_definition.json.

import Analysis
import ArgumentParser
import Configuration
import Executors
import Foundation
import Jobs

struct LocalExecution {
    var run: ResolvedRun
    /// `--process-separately`: one output per dataset or group of samples.
    var separately = false
    /// `--resubmit-failed`: only the groups named in failed_jobs.json.
    var resubmitFailed = false
    /// `--test`: a partial run, so a skim's initial events are not checked against the metadata.
    var test = false

    /// Worker threads: 1 for iterative; futures uses --scaleout, else every core.
    var workers: Int {
        guard run.executor.name == "futures" else { return 1 }
        return run.runOptions.scaleout ?? ProcessInfo.processInfo.activeProcessorCount
    }

    func perform() throws {
        guard separately else { return try process(run.configurator, output: "all") }
        var groups = DatasetGroups.groups(run.configurator.datasets.datasets, groupSamples: run.runOptions.groupSamples)
        if resubmitFailed {
            guard let failed = try DatasetGroups.failedGroups(in: run.outputDirectory) else {
                Console.error(
                    "No \(DatasetGroups.failedJobsFileName) file found in \(run.outputDirectory). Cannot resubmit failed jobs."
                )
                throw ExitCode.failure
            }
            guard !failed.isEmpty else {
                print("No failed jobs to resubmit.")
                return
            }
            print("Resubmitting \(failed.count) failed jobs: \(failed.joined(separator: ", "))")
            groups = groups.filter { failed.contains($0.name) }
        }
        var failures: [String] = []
        for group in groups {
            print(
                group.datasets.count == 1
                    ? "Working on dataset: \(group.name)"
                    : "Working on group of datasets: \(group.name) (\(group.datasets.count) datasets)")
            var configurator = run.configurator
            configurator.datasets = DatasetCatalog(datasets: group.datasets)
            do {
                try process(configurator, output: group.name)
            } catch {
                Console.error("processing of \(group.name) failed, moving to the next one: \(error)")
                failures.append(group.name)
            }
        }
        try DatasetGroups.writeFailedGroups(failures, in: run.outputDirectory)
        if !failures.isEmpty {
            Console.warn(
                "\(failures.count) job(s) failed. Failed jobs saved to \(run.outputDirectory)/\(DatasetGroups.failedJobsFileName); rerun them with --process-separately --resubmit-failed"
            )
            throw ExitCode.failure
        }
    }

    private func process(_ configurator: AnalysisConfigurator, output name: String) throws {
        let local = LocalRun(configurator: configurator, options: run.runOptions, workers: workers)
        let bar = ProgressBar(label: "processing")
        let start = Date()
        let output = try local.run(as: AnalysisOutput.self) { progress in
            let rate = progress.elapsed > 0 ? Double(progress.eventsDone) / progress.elapsed : 0
            bar.update(
                progress.chunksDone, of: progress.chunksTotal,
                detail: CFormat.string(" %.2fM events, %.2fM events/s", Double(progress.eventsDone) / 1e6, rate / 1e6),
                minimumTotal: 1)
        }
        bar.finish()
        let path = run.outputDirectory + "/output_\(name)." + run.runOptions.outputFormat.fileExtension
        try output.write(to: path)
        if !output.columnTables.isEmpty {
            let columns = ColumnsFile.path(besideOutput: path)
            try ColumnsFile.write(output.columnTables, to: columns)
            print("Saved columns (one ROOT tree per dataset and category): \(columns)")
        }
        if run.runOptions.splitByCategory { try writeCategories(of: output, beside: name) }
        print(Self.cutflowTable(output))
        for line in output.skippedFiles { Console.warn("skipped file: \(line)") }
        if let skim = try SkimSettings(configurator) { try writeSkimDefinition(of: output, skim, beside: name) }
        let seconds = Date().timeIntervalSince(start)
        let events = output.cutflow.values.compactMap { $0.first?.events }.reduce(0, +)
        print(
            CFormat.string(
                "Processed %.0f events in %.1f s (%.2fM events/s) with %ld worker", events, seconds,
                events / max(seconds, 1e-9) / 1e6, workers) + (workers == 1 ? "." : "s."))
        print(
            "Histograms, cutflow and sums of generator weights (UHI \(run.runOptions.outputFormat == .zip ? "zip" : "JSON")): \(path)"
        )
    }

    /// A skim's dataset definition: `skimmed_dataset_definition.json` (`…_<name>.json` for a group of
    /// --process-separately), its initial events checked against the metadata unless `--test`.
    private func writeSkimDefinition(of output: AnalysisOutput, _ skim: SkimSettings, beside name: String) throws {
        let files = output.skimmedFiles
        print(
            "Skimmed \(files.reduce(0) { $0 + $1.events }) events into \(files.count) files in \(skim.destination)")
        let definition = try SkimmedDatasetDefinition(from: output, checkInitialEvents: !test)
        let stem = (SkimmedDatasetDefinition.fileName as NSString).deletingPathExtension
        let path = run.outputDirectory + "/" + (name == "all" ? stem : "\(stem)_\(Self.fileNamePart(name))") + ".json"
        try definition.write(to: path)
        print("Skimmed dataset definition: \(path)")
    }

    /// split-by-category: writes `output_<category>.json` (`output_<name>_<category>.json` for a group
    /// of --process-separately) per category, each with that category's histograms and the whole cutflow.
    private func writeCategories(of output: AnalysisOutput, beside name: String) throws {
        let categories = output.categoryNames
        guard !categories.isEmpty else {
            Console.warn("split-by-category: the configuration has no variables, so only output_\(name) is written")
            return
        }
        let prefix = name == "all" ? "output_" : "output_\(name)_"
        var used: [String: String] = [:]
        for category in categories {
            let stem = prefix + Self.fileNamePart(category)
            guard stem != "output_all", used[stem] == nil else {
                let owner = used[stem].map { "category '\($0)'" } ?? "the whole output"
                throw ValidationError(
                    "split-by-category: category '\(category)' would be written to \(stem).\(run.runOptions.outputFormat.fileExtension), which \(owner) uses; rename it"
                )
            }
            used[stem] = category
            try output.restricted(toCategory: category).write(
                to: run.outputDirectory + "/" + stem + "." + run.runOptions.outputFormat.fileExtension)
        }
        print(
            "split-by-category: \(categories.count) outputs, \(prefix)<category>.\(run.runOptions.outputFormat.fileExtension)"
        )
    }

    /// `text` with every character other than letters, digits, `.`, `+` and `-` made `_`.
    static func fileNamePart(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || ".+-".contains($0)) ? $0 : "_" })
    }

    /// The cutflow: one row per dataset and step, events and sum of weights.
    static func cutflowTable(_ output: AnalysisOutput) -> String {
        var table = TextTable(header: ["dataset", "step", "events", "sum of weights"], rightAligned: [2, 3])
        for (dataset, steps) in output.cutflow.sorted(by: { $0.key < $1.key }) {
            for (index, step) in steps.enumerated() {
                table.rows.append([
                    index == 0 ? dataset : "", step.step, CFormat.string("%.0f", step.events),
                    CFormat.string("%.6g", step.sumw),
                ])
            }
        }
        return table.text
    }
}
