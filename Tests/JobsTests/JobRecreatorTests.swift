import Condor
import Configuration
import Foundation
import Grid
import Jobs
import TestSupport
import Testing

/// `--recreate-jobs` on a compiled jobs folder, with the real Rucio server answering and a condor_submit
/// stand-in (HTCondor's schedd cannot run here; the .sub files are parsed with the real htcondor2).
@Suite(.enabled(if: RucioTestServer.isAvailable, "needs the Rucio test server (scripts/rucio-server.sh start)"))
struct JobRecreatorTests {
    let scratch = TestPaths.scratchFolder("recreate")
    let lines = Lines()
    static let cern = "root://eoscms.cern.ch//eos/cms"
    static let fnal = "root://cmsdcadisk.fnal.gov//dcache/uscmsdisk"
    static let desy = "root://dcache-cms-xrootd.desy.de:1094/"
    /// TT: file_1 and file_2 at CERN, file_3 at DESY; TT_ext: file_4 at FNAL, file_5 at CERN.
    static let files = [
        ("TT", [cern + RucioTestServer.ttFile(1), cern + RucioTestServer.ttFile(2), desy + RucioTestServer.ttFile(3)]),
        ("TT_ext", [fnal + RucioTestServer.ttFile(4), cern + RucioTestServer.ttFile(5)]),
    ]

    var folder: JobsFolder { JobsFolder(path: scratch + "/out/job") }

    init() throws {
        let server = try RucioTestServer.require()
        server.writeClientConfiguration(in: scratch)
        for (site, storage) in [
            (
                "T2_CH_CERN",
                #"{"protocol": "XRootD", "access": "global-rw", "prefix": "root://eoscms.cern.ch//eos/cms"}"#
            ),
            (
                "T1_US_FNAL_Disk",
                #"{"protocol": "XRootD", "access": "global-ro", "rules": [{"lfn": "/+store/(.*)", "pfn": "root://cmsdcadisk.fnal.gov//dcache/uscmsdisk/store/$1"}]}"#
            ),
            (
                "T2_DE_DESY",
                #"{"protocol": "XRootD", "access": "global-ro", "rules": [{"lfn": "/+(.*)", "pfn": "root://dcache-cms-xrootd.desy.de:1094//$1"}]}"#
            ),
        ] {
            RucioTestServer.writeSiteStorage(site, protocol: storage, in: scratch)
        }
        TestPaths.writeProgram(
            """
            printf '%s %s\\n' "$PWD" "$*" >> \(scratch)/submitted.txt
            echo 'Submitting job(s).'
            echo '1 job(s) submitted to cluster 77.'
            """, named: "condor_submit", in: scratch + "/bin")
        TestPaths.writeProgram(
            "echo 'ERROR: Failed to connect to local queue manager' >&2\nexit 1", named: "condor_submit_broken",
            in: scratch + "/bin")
        try compile()
    }

    func compile() throws {
        let datasets = Self.files.map { name, files in
            Dataset(
                name: name, files: files,
                metadata: OrderedObject([("sample", .string("TT")), ("nevents", .string(String(1000 * files.count)))]))
        }
        let executor = ExecutorSpec(name: "condor", site: "lxplus")
        let custom = try YAMLReader.parse("scaleout: 5\nignore-grid-certificate: true\ndry-run: true\n")
        let (options, _) = try RunOptionsResolver().resolve(executor: executor, customOptions: ("ro.yaml", custom))
        let configurator = AnalysisConfigurator(
            source: scratch + "/a.yaml", description: nil, datasetFiles: [], datasetFilter: DatasetFilter(),
            tree: "Events", parameters: OrderedObject(), analysis: OrderedObject(),
            datasets: DatasetCatalog(datasets: datasets))
        let run = ResolvedRun(
            executor: executor, runOptions: options, configurator: configurator, outputDirectory: scratch + "/out",
            warnings: [])
        _ = try JobCompiler(run: run, binary: TestPaths.binary, version: "test", proxy: nil).compile()
    }

    func request(_ selection: JobSelection, submitter: String = "condor_submit") -> RecreateRequest {
        var request = RecreateRequest(folder: folder, selection: selection)
        request.environment = [
            "RUCIO_CONFIG": scratch + "/rucio.cfg", "XDG_CACHE_HOME": scratch + "/cache", "HOME": scratch,
            "POCKET_COFFEA_SITECONF": scratch + "/SITECONF",
        ]
        request.submitter = scratch + "/bin/" + submitter
        return request
    }

    func recreate(_ request: RecreateRequest) throws -> RecreateSummary {
        try JobRecreator(
            request: request, log: { [lines] in lines.append($0) }, warn: { [lines] in lines.append("warning: " + $0) }
        ).run()
    }

    /// The job whose configurator holds `url`, and the configurator's datasets.
    func job(holding url: String) throws -> Int {
        for index in 0..<5 {
            let config = try AnalysisConfigurator.load(path: folder.configFile(index))
            if config.datasets.datasets.flatMap(\.files).contains(url) { return index }
        }
        throw JobsError("no job holds \(url)")
    }

    func files(of index: Int) throws -> [String] {
        try AnalysisConfigurator.load(path: folder.configFile(index)).datasets.datasets.flatMap(\.files)
    }

    func jobsConfigFiles(of index: Int) throws -> [String] {
        let value = try JSONReader.parse(contentsOf: folder.jobsConfig)
        let filesets = value["jobs_list"]?["job_\(index)"]?["filesets"]?.objectValue?.entries ?? []
        return filesets.flatMap { $0.value["files"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    }

    func flags(_ index: Int) -> [String] {
        JobsFolder.Flag.allCases.filter { FileManager.default.fileExists(atPath: folder.flagFile(index, $0)) }
            .map(\.rawValue)
    }

    func setFlag(_ index: Int, _ flag: JobsFolder.Flag) {
        for other in JobsFolder.Flag.allCases { unlink(folder.flagFile(index, other)) }
        #expect(FileManager.default.createFile(atPath: folder.flagFile(index, flag), contents: Data()))
    }

    func submitText(_ index: Int) throws -> String {
        try String(contentsOfFile: folder.submitFile(index), encoding: .utf8)
    }

    // MARK: - Selection

    @Test func selectionsParse() throws {
        #expect(try JobSelection(parsing: "auto") == .auto)
        #expect(try JobSelection(parsing: "0,1,3") == .indices([0, 1, 3]))
        #expect(try JobSelection(parsing: "job_2, job_0") == .indices([2, 0]))
        #expect(throws: JobsError.self) { try JobSelection(parsing: "first") }
        let error = #expect(throws: JobsError.self) { try recreate(request(.indices([9]))) }
        #expect(error?.message.contains("job_9 is not in") == true)
    }

    @Test func autoTakesFailedRunningAndIdleJobsSorted() throws {
        setFlag(0, .done)
        setFlag(1, .failed)
        setFlag(2, .running)
        setFlag(3, .done)
        let summary = try recreate(request(.auto))
        #expect(summary.jobs == [1, 2, 4])
        #expect(lines.all.first == "Recreating jobs: [job_1, job_2, job_4]")
        #expect(flags(0) == ["done"])
        for index in [1, 2, 4] { #expect(flags(index) == ["idle"], "job_\(index) back to idle after submission") }
        let calls = try String(contentsOfFile: scratch + "/submitted.txt", encoding: .utf8)
        #expect(calls == [1, 2, 4].map { "\(folder.path) job_\($0).sub\n" }.joined())
    }

    // MARK: - Replicas

    @Test func aFailedInputMovesToAnotherReplicaEverywhere() throws {
        let failedURL = Self.cern + RucioTestServer.ttFile(2)
        let index = try job(holding: failedURL)
        setFlag(index, .failed)
        let log = TestPaths.write(
            "Traceback (most recent call last):\nOSError: XRootD error: [ERROR] Operation expired\nin file \(failedURL)\n",
            to: "logs/job_123.\(index).err", in: folder.path)
        TestPaths.write("Starting job \(index)\n", to: "logs/job_123.\(index).out", in: folder.path)
        let before = try files(of: index)
        let summary = try recreate(request(.indices([index])))
        #expect(summary.submitted[index] == SubmitReceipt(jobCount: 1, cluster: 77))
        let expected = Self.fnal + RucioTestServer.ttFile(2)
        #expect(try files(of: index) == before.map { $0 == failedURL ? expected : $0 })
        #expect(try jobsConfigFiles(of: index) == files(of: index), "jobs_config.yaml is updated too")
        #expect(
            lines.all.contains(
                "[site rewrite] \(RucioTestServer.ttFile(2))  T2_CH_CERN -> T1_US_FNAL_Disk  (\(Self.cern) -> \(Self.fnal))"
            ))
        #expect(!FileManager.default.fileExists(atPath: log))
        #expect(FileManager.default.fileExists(atPath: folder.processedLogs + "/job_123.\(index).err"))
        #expect(
            FileManager.default.fileExists(atPath: folder.logs + "/job_123.\(index).out"), "a log without failure stays"
        )
        #expect(try String(contentsOfFile: folder.failedInputsList, encoding: .utf8) == failedURL + "\n")
        #expect(flags(index) == ["idle"])
    }

    @Test func aBlocklistMigratesEveryFileOfItsSitesAndKeepsOrder() throws {
        var request = request(.indices([0, 1, 2, 3, 4]))
        request.blocklist = ["T2_CH_CERN"]
        let before = try (0..<5).map(files(of:))
        _ = try recreate(request)
        for index in 0..<5 {
            let after = try files(of: index)
            #expect(after.count == before[index].count)
            for (old, new) in zip(before[index], after) {
                if old.hasPrefix(Self.cern) {
                    #expect(!new.hasPrefix(Self.cern), "\(old) left CERN")
                    #expect(new.hasSuffix(String(old.dropFirst(Self.cern.count))), "same LFN")
                } else {
                    #expect(new == old, "files at other sites are untouched")
                }
            }
            #expect(try jobsConfigFiles(of: index) == after)
        }
        #expect(lines.all.contains { $0.hasPrefix("[blocklist] TT: rewrote ") })
        let file5 = try files(
            of: job(holding: ReplicaResolver.globalRedirector + RucioTestServer.ttFile(5).dropFirst()))
        #expect(!file5.isEmpty, "file_5's only other replica (Nebraska) is not in the site map: global redirector")
    }

    @Test func theRedirectorWinsOverTheBlocklistWithoutRucio() throws {
        var request = request(.indices([0, 1, 2, 3, 4]))
        request.useRedirector = true
        request.blocklist = ["T2_CH_CERN"]
        request.environment["RUCIO_CONFIG"] = scratch + "/no-such-rucio.cfg"
        _ = try recreate(request)
        for index in 0..<5 {
            #expect(try files(of: index).allSatisfy { $0.hasPrefix(ReplicaResolver.globalRedirector + "store/mc/") })
        }
        #expect(lines.all.contains { $0.hasPrefix("warning: --use-redirector sends every file") })
        #expect(lines.all.contains("[redirector] TT: rewrote 1/1 files to root://xrootd-cms.infn.it//"))
    }

    @Test func anUnreachableRucioChangesNothing() throws {
        TestPaths.write(
            "[client]\nrucio_host = http://127.0.0.1:9\nauth_type = userpass\nusername = u\npassword = p\nrequest_retries = 0\n",
            to: "down.cfg", in: scratch)
        var request = request(.indices([0]))
        request.blocklist = ["T2_CH_CERN"]
        request.environment["RUCIO_CONFIG"] = scratch + "/down.cfg"
        let before = try files(of: 0)
        let error = #expect(throws: JobsError.self) { try recreate(request) }
        #expect(error?.description.contains("cannot look up other replicas") == true)
        #expect(error?.description.contains("--use-redirector") == true)
        #expect(try files(of: 0) == before)
        #expect(!FileManager.default.fileExists(atPath: scratch + "/submitted.txt"))
    }

    @Test func withoutASiteMapFilesGoToTheRedirectorWithAWarning() throws {
        var request = request(.indices([0]))
        request.blocklist = ["T2_CH_CERN"]
        request.environment["POCKET_COFFEA_SITECONF"] = scratch + "/no-siteconf"
        _ = try recreate(request)
        #expect(lines.all.contains { $0.hasPrefix("warning: ") && $0.contains("no site map is cached") })
        #expect(flags(0) == ["idle"])
    }

    // MARK: - Queue

    @Test func recreateQueueRewritesJobFlavourAndUnknownQueuesAreWarned() throws {
        var request = request(.indices([0, 2]))
        request.queue = "workday"
        _ = try recreate(request)
        #expect(try submitText(0).contains("+JobFlavour = \"workday\"\n"))
        #expect(try submitText(2).contains("+JobFlavour = \"workday\"\n"))
        #expect(try submitText(1).contains("+JobFlavour = \"microcentury\"\n"), "other jobs keep theirs")
        #expect(lines.all.contains("[queue] job_0: microcentury -> workday"))
        request.queue = "forever"
        request.selection = .indices([0])
        _ = try recreate(request)
        #expect(try submitText(0).contains("+JobFlavour = \"forever\"\n"))
        #expect(lines.all.contains { $0.hasPrefix("warning: unknown queue 'forever'") })
    }

    @Test func runningJobsAreBumpedOneStepWhenNoQueueIsGiven() throws {
        setFlag(3, .running)
        _ = try recreate(request(.indices([1, 3])))
        #expect(lines.all.contains("Bumping job_3 from microcentury to longlunch"))
        #expect(try submitText(3).contains("+JobFlavour = \"longlunch\"\n"))
        #expect(try submitText(1).contains("+JobFlavour = \"microcentury\"\n"), "an idle job keeps its queue")
    }

    // MARK: - skip-bad-files, old folders, submission, dry run

    @Test func skipBadFilesIsShippedEvenByFoldersWrittenBeforeTheFile() throws {
        try FileManager.default.removeItem(atPath: folder.innerRunOptions)
        let script = try String(contentsOfFile: folder.jobScript, encoding: .utf8)
        let old = script.replacingOccurrences(of: " \\\n    --custom-run-options 'inner_run_options.yaml'", with: "")
        #expect(old != script)
        try old.write(toFile: folder.jobScript, atomically: true, encoding: .utf8)
        let sub = try submitText(0).replacingOccurrences(of: "," + folder.innerRunOptions, with: "")
        try sub.write(toFile: folder.submitFile(0), atomically: true, encoding: .utf8)

        var request = request(.indices([0]))
        request.skipBadFiles = true
        _ = try recreate(request)
        let inner = try String(contentsOfFile: folder.innerRunOptions, encoding: .utf8)
        #expect(inner.hasSuffix("skip-bad-files: true\n"))
        let patched = try String(contentsOfFile: folder.jobScript, encoding: .utf8)
        #expect(patched.contains("--custom-run-options 'inner_run_options.yaml'"))
        #expect(try CommandResult.run("/bin/bash", ["-n", folder.jobScript]).status == 0)
        #expect(try submitText(0).contains("," + folder.innerRunOptions + "\n"))

        _ = try recreate(request)
        #expect(try String(contentsOfFile: folder.jobScript, encoding: .utf8) == patched, "idempotent")
        #expect(try String(contentsOfFile: folder.innerRunOptions, encoding: .utf8) == inner)
        #expect(try submitText(0).components(separatedBy: folder.innerRunOptions).count == 2)
    }

    @Test func aFailedSubmissionLeavesTheFlag() throws {
        setFlag(1, .failed)
        let summary = try recreate(request(.indices([1]), submitter: "condor_submit_broken"))
        #expect(summary.failures.count == 1)
        #expect(summary.failures.first?.contains("Failed to connect to local queue manager") == true)
        #expect(flags(1) == ["failed"])
    }

    @Test func aDryRunPrintsEveryChangeAndTouchesNothing() throws {
        let failedURL = Self.cern + RucioTestServer.ttFile(1)
        let index = try job(holding: failedURL)
        setFlag(index, .running)
        TestPaths.write(
            "OSError: XRootD error: [ERROR] Operation expired\nin file \(failedURL)\n", to: "logs/job_9.\(index).err",
            in: folder.path)
        let snapshot = try contents(of: folder.path)
        var request = request(.indices([index]))
        request.dryRun = true
        request.blocklist = ["T2_CH_CERN"]
        request.skipBadFiles = true
        _ = try recreate(request)
        #expect(try contents(of: folder.path) == snapshot)
        #expect(!FileManager.default.fileExists(atPath: scratch + "/submitted.txt"))
        let all = lines.all
        #expect(all.contains { $0.hasPrefix("[site rewrite] \(RucioTestServer.ttFile(1))  T2_CH_CERN -> ") })
        #expect(all.contains("Bumping job_\(index) from microcentury to longlunch"))
        #expect(all.contains("dry run: would rewrite \(folder.configFile(index))"))
        #expect(all.contains("dry run: would rewrite \(folder.submitFile(index))"))
        #expect(all.contains("dry run: would rewrite \(folder.jobsConfig)"))
        #expect(all.contains("dry run: would rewrite \(folder.innerRunOptions)"))
        #expect(all.contains("dry run: would move \(folder.logs)/job_9.\(index).err to \(folder.processedLogs)/"))
        #expect(all.contains("dry run: would run condor_submit job_\(index).sub in \(folder.path)"))
    }

    func contents(of path: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: path)
        while let name = enumerator?.nextObject() as? String {
            result[name] = FileManager.default.contents(atPath: path + "/" + name) ?? Data()
        }
        return result
    }

    @Test(.enabled(if: TestPaths.htcondorPython != nil, "needs .venv with PyPI htcondor (make test creates it)"))
    func recreatedSubmitFilesParseWithHTCondor() throws {
        var request = request(.indices([0, 1, 2, 3, 4]))
        request.queue = "tomorrow"
        request.blocklist = ["T2_CH_CERN"]
        request.skipBadFiles = true
        _ = try recreate(request)
        let python = try #require(TestPaths.htcondorPython)
        let result = try CommandResult.run(
            python, [TestPaths.repositoryFile("scripts/check-submit-files.py"), folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONReader.parse(result.stdout)
        for index in 0..<5 {
            let sub = report["job_\(index).sub"]
            #expect(sub?["values"]?["MY.JobFlavour"] == .string("\"tomorrow\""))
            let inputs = sub?["jobs"]?.arrayValue?.first?["transfer_input_files"]?.stringValue
            #expect(inputs?.hasPrefix(folder.configFile(index) + ",") == true)
            #expect(inputs?.hasSuffix(folder.innerRunOptions) == true)
        }
        #expect(report["jobs_all.sub"]?["jobs"]?.arrayValue?.count == 5)
    }
}

/// Collects log lines.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }

    var all: [String] { lock.withLock { lines } }
}
