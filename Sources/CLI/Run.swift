// CLI layer: `pocket-coffea run` — parse the options PocketCoffea users type, hand a RunRequest to
// RunSetup, print what was resolved, and start the executor.

import ArgumentParser
import Configuration
import Foundation

extension PocketCoffea {
    /// Runs an analysis locally or compiles and submits batch jobs.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run an analysis configurator on its datasets, locally or as HTCondor jobs.",
            discussion: """
                Run options are resolved lowest first: the built-in defaults' `general`
                section, the executor's section (e.g. condor@lxplus), the -ro file, then
                the flags below. The resolved configurator and run options are written to
                OUTPUTDIR/config.json and OUTPUTDIR/run_options.yaml.

                Examples:
                  pocket-coffea run --cfg analysis.yaml -o out --test
                  pocket-coffea run --cfg analysis.yaml -o out -e condor@lxplus -ro opts.yaml
                  pocket-coffea run --cfg analysis.yaml -o out --dry-run --filter-years 2018
                """
        )

        @Option(
            name: .long,
            help: ArgumentHelp(
                "The analysis configurator (YAML), or a resolved configurator (config.json, config_job_N.json).",
                valueName: "file"))
        var cfg: String

        @Option(
            name: ["-ro", "--custom-run-options"],
            help: ArgumentHelp("A YAML file of run options that override the executor defaults.", valueName: "file"))
        var customRunOptions: String?

        @Option(name: ["-o", "--outputdir"], help: ArgumentHelp("The output folder.", valueName: "folder"))
        var outputdir: String

        @Flag(
            name: ["-t", "--test"],
            help: "Quick test: only 2 files per dataset and 2 chunks (unless -lf/-lc say otherwise).")
        var test = false

        @Option(
            name: ["-lf", "--limit-files"],
            help: ArgumentHelp("Process only the first N files of each dataset.", valueName: "n"))
        var limitFiles: Int?

        @Option(
            name: ["-lc", "--limit-chunks"], help: ArgumentHelp("Process only the first N chunks.", valueName: "n"))
        var limitChunks: Int?

        @Option(
            name: ["-e", "--executor"],
            help: ArgumentHelp("The executor: iterative, futures, condor@lxplus, condor@rubin.", valueName: "executor"))
        var executor = "iterative"

        @Option(
            name: ["-s", "--scaleout"],
            help: ArgumentHelp("Number of jobs (condor) or worker processes (futures).", valueName: "n"))
        var scaleout: Int?

        @Option(
            name: ["-c", "--chunksize"],
            help: ArgumentHelp("Events per chunk; overrides any per-sample chunksize.", valueName: "events"))
        var chunksize: Int?

        @Option(
            name: ["-q", "--queue"],
            help: ArgumentHelp("The batch queue (HTCondor JobFlavour on lxplus), e.g. workday.", valueName: "queue"))
        var queue: String?

        @Option(
            name: ["-ll", "--loglevel"],
            help: ArgumentHelp("Logging level: DEBUG, INFO, WARNING or ERROR.", valueName: "level"))
        var loglevel = "INFO"

        @Flag(
            name: ["-ps", "--process-separately"],
            help: "Process each dataset (or group-samples group) into its own output.")
        var processSeparately = false

        @Option(
            name: .long, help: ArgumentHelp("Keep only datasets of these years (comma-separated).", valueName: "years"))
        var filterYears: String?

        @Option(
            name: .long,
            help: ArgumentHelp("Keep only datasets of these samples (comma-separated).", valueName: "samples"))
        var filterSamples: String?

        @Option(name: .long, help: ArgumentHelp("Keep only these datasets (comma-separated).", valueName: "datasets"))
        var filterDatasets: String?

        @Flag(help: "With --process-separately, rerun only the datasets listed in OUTPUTDIR/failed_jobs.json.")
        var resubmitFailed = false

        @Option(
            name: .long,
            help: ArgumentHelp(
                "A site profile (YAML) for --executor condor@SITE: defaults, submit commands, job setup lines (see share/sites/).",
                valueName: "file"))
        var executorCustomSetup: String?

        @Flag(help: "Resolve and write everything, but neither run nor submit.")
        var dryRun = false

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Rebuild and resubmit these jobs of an existing jobs folder: 0,1,3 or job_0,job_1 or auto.",
                valueName: "jobs"))
        var recreateJobs: String?

        @Option(name: .long, help: ArgumentHelp("The queue to give recreated jobs.", valueName: "queue"))
        var recreateQueue: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Grid sites whose replicas must not be used (comma-separated), e.g. T2_US_Purdue.", valueName: "sites"))
        var blocklistSites: String?

        @Flag(help: "Read every file through the global XRootD redirector.")
        var useRedirector = false

        @Flag(help: "Skip files that cannot be read (they are named in the output) instead of failing.")
        var skipBadFiles = false

        @Argument(
            parsing: .allUnrecognized,
            help: ArgumentHelp(
                "Any other run option as --KEY=VALUE, e.g. --max-events-per-job=200000.", valueName: "run-options"))
        var extraRunOptions: [String] = []

        func validate() throws {
            for (flag, value) in [
                ("--limit-files", limitFiles), ("--limit-chunks", limitChunks), ("--scaleout", scaleout),
                ("--chunksize", chunksize),
            ] {
                if let value, value < 1 { throw ValidationError("\(flag) must be at least 1, not \(value)") }
            }
            let levels = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
            guard levels.contains(loglevel.uppercased()) else {
                throw ValidationError("--loglevel must be one of \(levels.joined(separator: ", ")), not '\(loglevel)'")
            }
            if resubmitFailed && !processSeparately {
                throw ValidationError("--resubmit-failed goes with --process-separately")
            }
        }

        func run() throws {
            try Console.reportingErrors {
                let request = RunRequest(
                    configuratorPath: cfg, outputDirectory: outputdir, executor: executor,
                    customRunOptionsPath: customRunOptions, commandLineOptions: try commandLineOptions(),
                    filter: DatasetFilter(
                        samples: list(filterSamples), years: list(filterYears), datasets: list(filterDatasets)),
                    test: test, siteProfilePath: executorCustomSetup)
                let resolved = try RunSetup.resolve(request, resolver: RunOptionsResolver())
                resolved.warnings.forEach(Console.warn)
                print(RunReport.text(resolved))
                if let recreateJobs {
                    try BatchRecreation(run: resolved, jobs: recreateJobs).perform()
                    return
                }
                try resolved.writeResolvedConfiguration()
                if resolved.executor.isBatch {
                    try BatchSubmission(run: resolved).perform()
                    return
                }
                if resolved.runOptions.dryRun {
                    print(RunReport.dryRunFooter(resolved))
                    return
                }
                try LocalExecution(
                    run: resolved, separately: processSeparately, resubmitFailed: resubmitFailed, test: test
                )
                .perform()
            }
        }

        /// The flags and extra --KEY=VALUE arguments that set run options, by run-option key.
        private func commandLineOptions() throws(ConfigurationError) -> OrderedObject {
            var options = try RunOptionArguments.parse(extraRunOptions)
            if let scaleout { options["scaleout"] = .int(scaleout) }
            if let chunksize { options["chunksize"] = .int(chunksize) }
            if let limitFiles { options["limit-files"] = .int(limitFiles) }
            if let limitChunks { options["limit-chunks"] = .int(limitChunks) }
            if let queue { options["queue"] = .string(queue) }
            if let recreateQueue { options["recreate-queue"] = .string(recreateQueue) }
            if let blocklistSites { options["blocklist-sites"] = .string(blocklistSites) }
            if useRedirector { options["use-redirector"] = .bool(true) }
            if skipBadFiles { options["skip-bad-files"] = .bool(true) }
            if dryRun { options["dry-run"] = .bool(true) }
            return options
        }

        private func list(_ text: String?) -> [String]? {
            text.map {
                $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
        }
    }
}
