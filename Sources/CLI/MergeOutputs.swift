// CLI layer: `merge-outputs` — adds job outputs (the files given, or every job of a jobs folder with
// -jc) into one output, after checking that each job left a sound one; jobs that split their output by
// category are merged per category (output_merged_<category>.json). Outputs of a skim also give
// skimmed_dataset_definition.json, next to the merged output.

import Analysis
import ArgumentParser
import Configuration
import Executors
import Foundation
import Jobs

extension PocketCoffea {
    /// Merges the outputs of jobs into one output.
    struct MergeOutputs: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge-outputs",
            abstract: "Merge job outputs into one output file, checking that every job produced one.",
            discussion: """
                Examples:
                  merge-outputs -jc out/job
                  merge-outputs out/output_job_0.* out/output_job_1.* -o merged
                """
        )

        @Argument(help: "Output files to merge (not needed with --jobs-config).")
        var inputFiles: [String] = []

        @Option(
            name: ["-o", "--outputfile"],
            help: """
                The merged output file; .zip writes UHI's zip form, anything else UHI JSON (default: \
                output_merged.<the inputs' form> in the output folder or here).
                """)
        var outputfile: String?

        @Option(
            name: ["-jc", "--jobs-config"], help: "A jobs_config.yaml, a jobs folder, or an output folder holding job/."
        )
        var jobsConfig: String?

        @Option(
            name: ["-cfg", "--configurator"],
            help: "Accepted for the reference's scripts and not read: our outputs carry their own metadata.")
        var configurator: String?

        @Flag(name: ["-f", "--force"], help: "Overwrite an existing merged output.")
        var force = false

        @Flag(name: ["-s", "--skip-check"], help: "Merge the outputs that exist even if some jobs have none.")
        var skipCheck = false

        @Flag(help: "Mark jobs with a missing or broken output as failed for check-jobs.")
        var markFailed = false

        @Flag(help: "Datasets of later files replace those of the first file instead of adding to them.")
        var replace = false

        @Option(
            name: ["-n", "--reduction"],
            help: "Outputs held decoded at once, ahead of the one being added (default: two per core).")
        var reduction: Int?

        @Option(
            name: ["-m", "--max-mem-gb", "--max_mem_gb"],
            help: """
                Memory budget in GB (default: the memory available). When the merged histograms pass half of \
                it, the merge so far is written to the cache folder and the merge goes on from empty; the \
                partial merges are then merged on a machine with more memory.
                """)
        var maxMemGb: Double?

        @Option(
            name: ["-cd", "--cache-dir", "--cache_dir"],
            help: "Folder for partial merges (default: merge_cache beside the merged output).")
        var cacheDir: String?

        @Option(
            help:
                "A skimmed dataset whose metadata nevents may differ from the events processed (a warning instead of an error; repeatable)."
        )
        var skipInitialEventsCheck: [String] = []

        @Flag(name: ["-v", "--verbose"], help: "Print every file as it is merged.")
        var verbose = false

        func validate() throws {
            if inputFiles.isEmpty && jobsConfig == nil {
                throw ValidationError("give the output files to merge, or a jobs folder with -jc")
            }
            if let reduction, reduction < 1 { throw ValidationError("-n must be at least 1, not \(reduction)") }
            if let maxMemGb, !(maxMemGb > 0 && maxMemGb.isFinite) {
                throw ValidationError("-m must be a positive number of GB")
            }
        }

        /// Bytes of bins the merged output may hold: half the budget, as the reference keeps the other half
        /// for writing the file.
        private var budget: Int? {
            let total = maxMemGb.map { Int(Swift.min($0 * 1_073_741_824, 0x1p62)) } ?? SystemMemory.availableBytes
            return total.map { $0 / 2 }
        }

        /// One merged output to write: its inputs (with their job, from -jc) and where it goes.
        struct PlannedMerge {
            /// The category, for outputs split by category.
            var category: String?
            var files: [(job: Int?, file: String)]
            var target: String
        }

        /// What to merge: the merges to make, the jobs folder (with -jc), and every output with the
        /// merged output they make whole (the saved columns follow these, also when split by category).
        struct MergePlan {
            var merges: [PlannedMerge]
            var folder: JobsFolder?
            var outputs: [(job: Int?, file: String)]
            var target: String
        }

        func run() throws {
            try Console.reportingErrors {
                let plan = try plannedMerges()
                for merge in plan.merges where !force && FileManager.default.fileExists(atPath: merge.target) {
                    Console.error("\(merge.target) exists; pass -f to overwrite it, or -o another file")
                    throw ExitCode.failure
                }
                let merger = OutputMerge(readAhead: reduction, budget: budget)
                let unusable = plan.merges.flatMap { merger.check($0.files) }
                try report(
                    unusable, of: plan.merges.map(\.files.count).reduce(0, +), folder: plan.folder, merger: merger)
                var bad = unusable
                for merge in plan.merges {
                    bad += try perform(merge, skipping: Set(bad.map(\.file)), with: merger, folder: plan.folder)
                }
                try mergeColumns(of: plan, skipping: bad)
            }
        }

        /// Appends the saved columns (`<output>.columns.root` beside each usable output, when the
        /// analysis saves columns) into `<merged output>.columns.root`.
        private func mergeColumns(of plan: MergePlan, skipping bad: [UnusableOutput]) throws {
            let (badFiles, badJobs) = (Set(bad.map(\.file)), Set(bad.compactMap(\.job)))
            let sources = plan.outputs.filter {
                !badFiles.contains($0.file) && !($0.job.map(badJobs.contains) ?? false)
            }
            .map { ColumnsFile.path(besideOutput: $0.file) }
            .filter { FileManager.default.fileExists(atPath: $0) }
            guard !sources.isEmpty else { return }
            let merged = ColumnsFile.path(besideOutput: plan.target)
            try ColumnsFile.merge(sources, into: merged)
            print("Merged the saved columns of \(sources.count) outputs: \(merged)")
        }

        /// The merges to make: one, or one per category when the jobs split their output by category.
        private func plannedMerges() throws -> MergePlan {
            let given = outputfile.map(AnalysisConfigurator.absolutePath)
            guard let jobsConfig else {
                let files = PackedFileArguments.unpacked(inputFiles).map {
                    (job: Int?.none, file: AnalysisConfigurator.absolutePath($0))
                }
                let format = OutputFormat(path: files.first?.file ?? "")
                let target = given ?? AnalysisConfigurator.absolutePath("output_merged." + format.fileExtension)
                return MergePlan(merges: [PlannedMerge(files: files, target: target)], outputs: files, target: target)
            }
            let jobs = try JobOutputs.load(jobsConfig)
            let target = given ?? jobs.outputDirectory + "/output_merged." + jobs.outputFormat.fileExtension
            let outputs = jobs.jobs.map { (job: Int?.some($0.index), file: $0.file) }
            guard jobs.splitByCategory else {
                return MergePlan(
                    merges: [PlannedMerge(files: outputs, target: target)], folder: jobs.folder, outputs: outputs,
                    target: target)
            }
            let categories = jobs.outputsByCategory()
            guard !categories.isEmpty else {
                Console.error(
                    "the jobs split their outputs by category, but \(jobs.outputDirectory) holds no output_<category>_job_N.\(jobs.outputFormat.fileExtension); did any job finish?"
                )
                throw ExitCode.failure
            }
            let fileExtension = (target as NSString).pathExtension
            let stem = (target as NSString).deletingPathExtension
            let merges = categories.map { category, files in
                PlannedMerge(
                    category: category, files: files.map { ($0.index, $0.file) },
                    target: "\(stem)_\(category).\(fileExtension.isEmpty ? "json" : fileExtension)")
            }
            return MergePlan(merges: merges, folder: jobs.folder, outputs: outputs, target: target)
        }

        /// The next step after a merge: plotting is not in this build, so a one-line `hist` reading of the
        /// merged file in Python (docs/output-format.md has more); nil without a histogram, or when the path
        /// or the name would need quoting in the shell or in Python.
        static func plottingHint(_ path: String, histogram: String?) -> String? {
            let unsafe: (Character) -> Bool = { "'\"\\$`!\n".contains($0) }
            guard let histogram, !path.contains(where: unsafe), !histogram.contains(where: unsafe) else { return nil }
            let read =
                OutputFormat(path: path) == .zip
                ? "import zipfile, hist, uhi.io.zip; h = hist.Hist(uhi.io.zip.read(zipfile.ZipFile('\(path)'), '\(histogram)'))"
                : "import json, hist, uhi.io.json; h = hist.Hist(json.load(open('\(path)'), object_hook=uhi.io.json.object_hook)['\(histogram)'])"
            return """
                Next: plot the histograms with hist (make-plots is not in this build; see docs/output-format.md), e.g.
                  python3 -c "\(read); print(h)"
                """
        }

        /// Writes the next partial merge of `merge` (`written` are the earlier ones) into the cache folder, in
        /// the merged output's form, and returns its path: `merge_<N>.<ext>`, or `merge_<category>_<N>.<ext>`
        /// for split outputs.
        ///
        /// Names that are inputs of this merge are skipped (merging partials again may write partials into
        /// the same folder), so no input is overwritten before it is read.
        private func writePartial(_ output: AnalysisOutput, after written: [String], of merge: PlannedMerge) throws
            -> String
        {
            let folder = AnalysisConfigurator.absolutePath(
                cacheDir ?? (merge.target as NSString).deletingLastPathComponent + "/merge_cache")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let format = OutputFormat(path: merge.target)
            let inputs = Set(merge.files.map(\.file))
            var number = written.count
            func path(_ number: Int) -> String {
                "\(folder)/merge_\(merge.category.map { $0 + "_" } ?? "")\(number).\(format.fileExtension)"
            }
            while inputs.contains(path(number)) || written.contains(path(number)) { number += 1 }
            try output.write(to: path(number))
            return path(number)
        }

        /// Warns about each unusable output, marks their jobs failed with --mark-failed, and stops unless
        /// --skip-check.
        private func report(_ unusable: [UnusableOutput], of total: Int, folder: JobsFolder?, merger: OutputMerge)
            throws
        {
            guard !unusable.isEmpty else { return }
            for output in unusable {
                Console.warn("\(output.job.map { "job_\($0)" } ?? "input"): \(output.file): \(output.reason)")
            }
            if markFailed, let folder {
                try merger.markFailed(unusable, in: folder)
                print(
                    "Marked \(Set(unusable.compactMap(\.job)).count) job(s) as failed; resubmit them with check-jobs -j \(folder.path) --resubmit"
                )
            }
            guard skipCheck else {
                Console.error(
                    "\(unusable.count) of \(total) outputs are missing or broken; merge the others with --skip-check, or rerun those jobs (--mark-failed, then check-jobs --resubmit)"
                )
                throw ExitCode.failure
            }
        }

        /// Adds the usable inputs of `merge` and writes its output, with a summary. Inputs that pass the
        /// cheap check but are broken inside are reported as the check's are, before anything is written;
        /// they are returned (their columns are left out too).
        @discardableResult
        private func perform(
            _ merge: PlannedMerge, skipping bad: Set<String>, with merger: OutputMerge, folder: JobsFolder?
        ) throws -> [UnusableOutput] {
            let good = merge.files.filter { !bad.contains($0.file) }
            let bar = ProgressBar(label: merge.category.map { "merging \($0)" } ?? "merging")
            let progress = { (done: Int, file: String) in
                bar.update(done, of: good.count, minimumTotal: 20)
                if verbose { print("merged \(file)") }
            }
            var partials: [String] = []
            let (merged, broken) =
                replace
                ? try merger.replacing(good, progress: progress)
                : try merger.merge(
                    good,
                    writingPartials: { output, _ in
                        partials.append(try writePartial(output, after: partials, of: merge))
                    }, progress: progress)
            bar.finish()
            try report(broken, of: merge.files.count, folder: folder, merger: merger)
            guard partials.isEmpty else {
                print(
                    """
                    The merged histograms passed half of the memory budget (\(CFormat.string("%.3g", Double(merger.budget ?? 0) / 536_870_912)) GB), \
                    so \(partials.count) partial merges were written instead of \(merge.target):
                      \(partials.joined(separator: "\n  "))
                    Merge them on a machine with more memory (or with a larger -m):
                      merge-outputs \(partials.joined(separator: " ")) -o \(merge.target)
                    """)
                return broken
            }
            let definition =
                merge.category == nil && merged.isSkim
                ? try SkimmedDatasetDefinition(from: merged, skipInitialEventsCheck: Set(skipInitialEventsCheck)) : nil
            try merged.write(to: merge.target)
            let cutflow = merged.cutflow
            let events = cutflow.values.compactMap { $0.first?.events }.reduce(0, +)
            // The first cutflow step holds every processed event: Σ genWeight for MC, the event count for data.
            let sumw = cutflow.values.compactMap { $0.first?.sumw }.reduce(0, +)
            let histogramNames = merged.histograms.keys.filter { $0.hasPrefix("hist/") }
            print(
                "Merged \(good.count - broken.count) of \(merge.files.count) outputs\(merge.category.map { " of category \($0)" } ?? ""): \(cutflow.count) datasets, \(histogramNames.count) histograms, \(Int(events)) events processed, sum of weights \(CFormat.string("%.6g", sumw))"
            )
            print("Merged output: \(merge.target)")
            guard let definition else {
                if let next = Self.plottingHint(merge.target, histogram: histogramNames.min()) { print(next) }
                return broken
            }
            for warning in definition.warnings { Console.warn(warning) }
            let path =
                (merge.target as NSString).deletingLastPathComponent + "/" + SkimmedDatasetDefinition.fileName
            try definition.write(to: path)
            print("Skimmed dataset definition: \(path)")
            return broken
        }

    }
}
