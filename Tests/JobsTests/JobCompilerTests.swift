import Configuration
import Foundation
import Jobs
import TestSupport
import Testing

@Suite struct JobCompilerTests {
    let folder = TestPaths.scratchFolder("jobs")

    func resolvedRun(_ runOptions: String, output: String = "out", datasetNames: [String] = ["DY_A", "DY_B", "TT"])
        throws -> ResolvedRun
    {
        let datasets = zip(datasetNames, [("DY", 1000, 4), ("DY", 300, 3), ("TT", 5000, 5)]).map { name, spec in
            Dataset(
                name: name, files: (0..<spec.2).map { "root://host//store/\(spec.0)/f\($0).root" },
                metadata: OrderedObject([("sample", .string(spec.0)), ("nevents", .string(String(spec.1)))]))
        }
        let resolver = try RunOptionsResolver()
        let executor = ExecutorSpec(name: "condor", site: "lxplus")
        let custom = try YAMLReader.parse(runOptions + "\nignore-grid-certificate: true\ndry-run: true\n")
        let (options, _) = try resolver.resolve(executor: executor, customOptions: ("ro.yaml", custom))
        let configurator = AnalysisConfigurator(
            source: folder + "/a.yaml", description: nil, datasetFiles: [], datasetFilter: DatasetFilter(),
            tree: "Events",
            parameters: OrderedObject(), analysis: OrderedObject(), datasets: DatasetCatalog(datasets: datasets))
        return ResolvedRun(
            executor: executor, runOptions: options, configurator: configurator, outputDirectory: folder + "/" + output,
            warnings: [])
    }

    func compile(_ run: ResolvedRun, binary: String = TestPaths.binary) throws -> CompiledJobs {
        try JobCompiler(run: run, binary: binary, version: "test", proxy: nil).compile()
    }

    @Test func writesTheWholeFolder() throws {
        let compiled = try compile(try resolvedRun("scaleout: 4"))
        let path = compiled.folder.path
        #expect(path == folder + "/out/job")
        let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        for index in 0..<4 {
            for name in ["config_job_\(index).json", "job_\(index).sub", "job_\(index).idle"] {
                #expect(names.contains(name))
            }
        }
        for name in ["jobs_all.sub", "job.sh", "jobs_config.yaml", "inner_run_options.yaml", "logs", "pocket-coffea"] {
            #expect(names.contains(name), "\(name) missing")
        }
        let job0 = try AnalysisConfigurator.load(path: path + "/config_job_0.json")
        #expect(job0.datasets.datasets.map(\.name) == compiled.jobs[0].datasets.map(\.name))
        let jobsConfig = try YAMLReader.parse(contentsOf: path + "/jobs_config.yaml")
        #expect(jobsConfig["jobs_list"]?["job_3"]?["config_file"] == .string(path + "/config_job_3.json"))
        #expect(!names.contains { $0.hasPrefix(".") })
        let bash = try CommandResult.run("/bin/bash", ["-n", path + "/job.sh"])
        #expect(bash.status == 0, "\(bash.stderr)")
    }

    @Test func perSampleChunksizeNeedsSingleSampleJobs() throws {
        let mixed = try resolvedRun("scaleout: 2\nchunksize: {DY: 10, TT: 20}")
        let error = #expect(throws: JobsError.self) { try compile(mixed) }
        #expect(error?.message.contains("chunksize is a per-sample dict but job_") == true)
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/job"), "a failed compilation leaves nothing")
        let compiled = try compile(
            try resolvedRun("max-events-per-job: {default: 2000}\nchunksize: {DY: 10, default: 20}"))
        #expect(compiled.chunksizes == [10, 10, 20, 20, 20])
    }

    @Test func anExistingFolderIsRefusedAndKept() throws {
        _ = try compile(try resolvedRun("scaleout: 2"))
        let error = #expect(throws: JobsError.self) { try compile(try resolvedRun("scaleout: 3")) }
        #expect(error?.description.contains("Jobs directory \(folder)/out/job already exists") == true)
        #expect(FileManager.default.fileExists(atPath: folder + "/out/job/job_1.sub"))
    }

    @Test func aFailedWriteLeavesNothingBehind() throws {
        let error = #expect(throws: JobsError.self) {
            try compile(try resolvedRun("scaleout: 2"), binary: "/nonexistent/pocket-coffea")
        }
        #expect(error?.message.contains("cannot copy") == true)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder + "/out")
        #expect(left.isEmpty, "left behind: \(left)")
    }

    @Test func macroSyntaxInAPathIsRefused() throws {
        let error = #expect(throws: JobsError.self) {
            try compile(try resolvedRun("scaleout: 2", output: "out$(Owner)"))
        }
        #expect(error?.message.contains("condor_submit would expand") == true)
    }

    /// The report of scripts/check-submit-files.py: every .sub of the folder parsed by htcondor2.
    func parsedByHTCondor(_ compiled: CompiledJobs) throws -> ConfigValue {
        let python = try #require(TestPaths.htcondorPython)
        let result = try CommandResult.run(
            python, [TestPaths.repositoryFile("scripts/check-submit-files.py"), compiled.folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONReader.parse(result.stdout)
    }

    @Test(.enabled(if: TestPaths.htcondorPython != nil, "needs .venv with PyPI htcondor (make test creates it)"))
    func everySubmitFileParsesWithHTCondor() throws {
        let hostile = ["DY \"quoted\" $(rm -rf x); echo", "DY_B's", "TT;ls"]
        let run = try resolvedRun(
            "max-events-per-job: {DY: 500, default: 2000}\nchunksize: {DY: 111, TT: 222}", output: "o u;t 'x'",
            datasetNames: hostile)
        let compiled = try compile(run)
        let report = try parsedByHTCondor(compiled)
        let batchJobs = try #require(report["jobs_all.sub"]?["jobs"]?.arrayValue)
        #expect(batchJobs.count == compiled.jobs.count)
        for (index, chunksize) in compiled.chunksizes.enumerated() {
            let expected = ConfigValue.string("\(index) config_job_\(index).json \(chunksize)")
            #expect(batchJobs[index]["arguments"] == expected)
            #expect(report["job_\(index).sub"]?["jobs"]?.arrayValue?.first?["arguments"] == expected)
            let inputs = report["job_\(index).sub"]?["jobs"]?.arrayValue?.first?["transfer_input_files"]?.stringValue
            #expect(inputs?.hasPrefix(compiled.folder.path + "/config_job_\(index).json,") == true)
        }
        #expect(report["jobs_all.sub"]?["values"]?["MY.JobFlavour"] == .string("\"microcentury\""))
        let script = try String(contentsOfFile: compiled.folder.jobScript, encoding: .utf8)
        for name in hostile { #expect(!script.contains(name)) }
        let bash = try CommandResult.run("/bin/bash", ["-n", compiled.folder.jobScript])
        #expect(bash.status == 0)
    }

    @Test(.enabled(if: TestPaths.htcondorPython != nil, "needs .venv with PyPI htcondor (make test creates it)"))
    func aSiteProfilesSubmitCommandsParseWithHTCondor() throws {
        let site = try SiteDefinition.load(path: TestPaths.repositoryFile("share/sites/example-site.yaml"))
        var run = try resolvedRun("scaleout: 2")
        run.executor = ExecutorSpec(name: "condor", site: site.site)
        run.site = site
        let (options, _) = try RunOptionsResolver().resolve(
            executor: run.executor,
            customOptions: ("ro.yaml", try YAMLReader.parse("ignore-grid-certificate: true\nscaleout: 2")),
            site: site)
        run.runOptions = options
        let compiled = try compile(run)
        let report = try parsedByHTCondor(compiled)
        let values = report["jobs_all.sub"]?["values"]
        #expect(values?["MY.AccountingGroup"] == .string("\"group_cms.analysis\""))
        #expect(values?["MY.MaxRuntime"] == .string("43200"))
        #expect(values?["requirements"] == .string("(OpSysAndVer == \"AlmaLinux9\") && (Machine =!= LastRemoteHost)"))
        #expect(report["jobs_all.sub"]?["jobs"]?.arrayValue?.count == 2)
    }

    /// Every per-job file is what the whole-value writers produce: config_job_N.json the resolved
    /// configurator of the job's datasets, jobs_config.yaml the JSON of the whole index, job_N.sub the
    /// shared description with the job's values replaced — whichever thread wrote it.
    @Test func perJobFilesEqualTheirWholeValueForms() throws {
        let run = try resolvedRun("scaleout: 11", datasetNames: ["DY \"q\" $(x);", "DY_B's", "TT"])
        let compiled = try compile(run)
        let folder = compiled.folder
        func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
        var jobsList = OrderedObject()
        for (index, job) in compiled.jobs.enumerated() {
            var configurator = run.configurator
            configurator.datasets = DatasetCatalog(datasets: job.datasets)
            #expect(try read(folder.configFile(index)) == ResolvedConfigurator.text(configurator))
            jobsList[JobsFolder.jobName(index)] = .object(
                OrderedObject([
                    ("config_file", .string(folder.configFile(index))),
                    ("filesets", .object(OrderedObject(job.datasets.map { ($0.name, $0.jsonValue) }))),
                    ("output_file", .string(run.outputDirectory + "/output_job_\(index).zip")),
                ]))
        }
        let index = OrderedObject([
            ("job_name", .string("job")), ("job_dir", .string(folder.path)),
            ("output_dir", .string(run.outputDirectory)), ("split_by_category", .bool(false)),
            ("config_total", .string(run.outputDirectory + "/config.json")), ("executor", .string("condor@lxplus")),
            ("jobs_list", .object(jobsList)),
        ])
        #expect(try read(folder.jobsConfig) == JSONWriter.string(.object(index)) + "\n")

        // job_N.sub from jobs_all.sub's commands, the way it was built with string replacement.
        let batch = try read(folder.batchSubmitFile)
        let commands = batch.components(separatedBy: "\nqueue chunksize from (")[0].split(separator: "\n")
        for (index, chunksize) in compiled.chunksizes.enumerated() {
            var expected = ""
            for line in commands {
                let (key, value) = (String(line.prefix { $0 != " " }), String(line.drop { $0 != "=" }.dropFirst(2)))
                var filled = value.replacingOccurrences(of: "$(ProcId)", with: String(index))
                if key == "Log" {
                    filled = filled.replacingOccurrences(of: "$(ClusterId).log", with: "$(ClusterId).\(index).log")
                }
                expected += "\(key) = \(filled.replacingOccurrences(of: "$(chunksize)", with: String(chunksize)))\n"
            }
            #expect(try read(folder.submitFile(index)) == expected + "queue\n")
            #expect(FileManager.default.fileExists(atPath: folder.flagFile(index, .idle)))
        }
        let mode = try FileManager.default.attributesOfItem(atPath: folder.jobScript)[.posixPermissions] as? Int
        #expect((mode ?? 0) & 0o100 != 0, "job.sh is executable")
        #expect(compiled.datasetEvents == 1000 + 300 + 5000)
    }
}
