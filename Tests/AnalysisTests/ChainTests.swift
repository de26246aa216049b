import Analysis
import Columnar
import Foundation
import TestSupport
import Testing

/// The whole chain on real components: a multi-dataset fileset served by the real XRootD server and
/// known to the real Rucio server; `run -e condor@lxplus` compiles and submits the jobs to the HTCondor
/// simulator (linked as condor_submit on PATH), each job running the processor on its config_job_N.json.
/// One job reads a replica its site does not serve and fails with the server's [3010] error; one passes
/// its espresso time limit once and is removed (SYSTEM_PERIODIC_REMOVE). `check-jobs --resubmit` moves
/// the failed file to another replica through Rucio, bumps the removed job to microcentury, resubmits
/// both and ends with every job done. `merge-outputs -jc` then gives the histograms and cutflow of one
/// local iterative run over the same files, bin for bin.
@Suite(
    .enabled(if: TestPaths.python(importing: "hist") != nil, "needs .venv with uproot (make test creates it)"),
    .enabled(if: RucioTestServer.isAvailable, "needs the Rucio test server (scripts/rucio-server.sh start)"))
struct ChainTests {
    /// The fileset: DY in two files (file_2's CERN replica is missing from the server), data in one.
    struct Fileset {
        let server: XRootDTestServer
        let folder: String

        /// file_N of the seeded TTTo2L2Nu block at CERN (not served) or FNAL (served).
        func ttURL(_ number: Int, atCERN: Bool) -> String {
            let lfn = RucioTestServer.ttFile(number)
            return atCERN
                ? server.rootURL("/eos/cms" + lfn) : server.rootURL("/store/test" + lfn.dropFirst("/store".count))
        }

        var data: String { server.rootURL("/store/test/data/nano_data.root") }

        func datasetsJSON(dyFiles: [String]) -> String {
            let quoted = { (urls: [String]) in urls.map { "\"\($0)\"" }.joined(separator: ", ") }
            return """
                {"DYJetsToLL_M-50_2018": {"files": [\(quoted(dyFiles))],
                   "metadata": {"sample": "DYJetsToLL", "year": "2018", "isMC": "True", "xsec": "6077.22", "nevents": "40000"}},
                 "DATA_SingleMuon_2018_EraA": {"files": [\(quoted([data]))],
                   "metadata": {"sample": "DATA_SingleMuon", "year": "2018", "isMC": "False", "era": "A", "nevents": "20000"}}}
                """
        }
    }

    /// Writes three 20,000-event NanoAOD-like files and serves them as FNAL's replicas of TTTo2L2Nu
    /// file_1 and file_2 and as a data file.
    static func serveFiles(in folder: String) throws -> XRootDTestServer {
        let python = try #require(TestPaths.python(importing: "awkward"))
        let generator = TestPaths.repositoryFile("scripts/bench/make_nanoaod_like.py")
        let served = RucioTestServer.ttFolder.dropFirst("/store/".count)
        var written: [String: String] = [:]
        for (seed, name) in [(11, "\(served)/file_1.root"), (12, "\(served)/file_2.root"), (13, "data/nano_data.root")]
        {
            let file = folder + "/inputs/seed\(seed).root"
            try FileManager.default.createDirectory(atPath: folder + "/inputs", withIntermediateDirectories: true)
            let result = try CommandResult.run(python, [generator, file, "zlib:1", "20000", String(seed)])
            try #require(result.status == 0, "\(result.stderr)")
            written[name] = file
        }
        return try XRootDTestServer.start { data in
            for (name, file) in written {
                let target = data + "/" + name
                try? FileManager.default.createDirectory(
                    atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try? FileManager.default.copyItem(atPath: file, toPath: target)
            }
        }.get()
    }

    @Test(.timeLimit(.minutes(5)))
    func jobsResubmittedByCheckJobsThenMergedEqualOneLocalRun() throws {
        let folder = TestPaths.scratchFolder("chain")
        let server = try Self.serveFiles(in: folder)
        defer { server.stop() }
        let fileset = Fileset(server: server, folder: folder)
        let rucio = try RucioTestServer.require()
        // 1 s of HTCondor time is 10 ms: espresso (20 min) lasts 12 s, microcentury (1 h) 36 s.
        let sandbox = try CondorSimulatorSandbox("chain-condor", settings: ["CONDOR_SIM_TIME_SCALE": "0.01"])
        let environment = sandbox.environment.merging([
            "RUCIO_CONFIG": folder + "/rucio.cfg", "XDG_CACHE_HOME": folder + "/cache",
            "POCKET_COFFEA_SITECONF": folder + "/SITECONF",
        ]) { $1 }
        rucio.writeClientConfiguration(in: folder)
        let local = "root://127.0.0.1:\(server.rootPort)/"
        for (site, storage) in [
            ("T2_CH_CERN", #"{"protocol": "XRootD", "access": "global-rw", "prefix": "\#(local)/eos/cms"}"#),
            (
                "T1_US_FNAL_Disk",
                #"{"protocol": "XRootD", "access": "global-ro", "rules": [{"lfn": "/+store/(.*)", "pfn": "\#(local)/store/test/$1"}]}"#
            ),
        ] {
            RucioTestServer.writeSiteStorage(site, protocol: storage, in: folder)
        }
        let missing = fileset.ttURL(2, atCERN: true)
        let analysis = try String(
            contentsOfFile: TestPaths.repositoryFile("share/examples/local/analysis.yaml"), encoding: .utf8)
        TestPaths.write(analysis, to: "batch/analysis.yaml", in: folder)
        TestPaths.write(
            fileset.datasetsJSON(dyFiles: [fileset.ttURL(1, atCERN: false), missing]), to: "batch/datasets.json",
            in: folder)
        TestPaths.write(analysis, to: "local/analysis.yaml", in: folder)
        TestPaths.write(
            fileset.datasetsJSON(dyFiles: [fileset.ttURL(1, atCERN: false), fileset.ttURL(2, atCERN: false)]),
            to: "local/datasets.json", in: folder)
        // The data job sleeps past its time limit on its first run only.
        TestPaths.write(
            """
            queue: espresso
            custom-setup-commands:
              - 'if grep -q store/test/data/ "$2" && mkdir \(folder)/slow-once 2>/dev/null; then sleep 100; fi'
            """, to: "ro.yaml", in: folder)

        let submit = try CommandResult.pocketCoffea(
            [
                "run", "--cfg", folder + "/batch/analysis.yaml", "-o", folder + "/batch/out", "-e", "condor@lxplus",
                "-s", "3", "-ro", folder + "/ro.yaml", "--ignore-grid-certificate=true", "--chunksize", "7000",
            ], environment: environment)
        #expect(submit.status == 0, "\(submit.stderr)")
        #expect(submit.stdout.contains("3 job(s) submitted to cluster"), "\(submit.stdout)")
        let jobs = folder + "/batch/out/job"
        let check = try CommandResult.run(
            "/usr/bin/timeout",
            ["200", TestPaths.binary, "check-jobs", "-j", folder + "/batch/out", "--resubmit", "-i", "0.5"],
            environment: environment)
        _ = try? sandbox.wait(timeout: 30)
        let output = check.stdout + check.stderr
        #expect(check.status == 0, "check-jobs did not end well:\n\(output)")
        #expect(output.contains("All jobs are completed"), "\(output)")
        #expect(output.contains("was removed at its time limit"), "\(output)")
        #expect(output.contains("from espresso to microcentury"), "\(output)")
        #expect(
            output.contains("Server responded with an error: [3010]"), "the XRootD failure is not reported:\n\(output)")
        for job in 0..<3 {
            #expect(FileManager.default.fileExists(atPath: jobs + "/job_\(job).done"), "job \(job) not done")
        }
        let failures = try String(contentsOfFile: jobs + "/xrootdfaillist.txt", encoding: .utf8)
        #expect(failures == missing + "\n")
        let jobsConfig = try String(contentsOfFile: jobs + "/jobs_config.yaml", encoding: .utf8)
        #expect(!jobsConfig.contains(missing) && jobsConfig.contains(fileset.ttURL(2, atCERN: false)))
        #expect(try String(contentsOfFile: jobs + "/maxtime.txt", encoding: .utf8).split(separator: "\n").count == 1)

        let merge = try CommandResult.pocketCoffea(["merge-outputs", "-jc", jobs], environment: environment)
        #expect(merge.status == 0, "\(merge.stderr)")
        let single = try CommandResult.pocketCoffea([
            "run", "--cfg", folder + "/local/analysis.yaml", "-o", folder + "/local/out", "-e", "iterative",
        ])
        #expect(single.status == 0, "\(single.stderr)")
        try Self.expectSamePhysics(
            try AnalysisOutput.read(from: folder + "/batch/out/output_merged.zip"),
            try AnalysisOutput.read(from: folder + "/local/out/output_all.json"))

        let refused = try CommandResult.pocketCoffea(["merge-outputs", "-jc", jobs])
        #expect(refused.status != 0 && refused.stderr.contains("pass -f to overwrite"))
        try FileManager.default.removeItem(atPath: folder + "/batch/out/output_job_1.zip")
        let incomplete = try CommandResult.pocketCoffea(["merge-outputs", "-jc", jobs, "-f", "--mark-failed"])
        #expect(incomplete.status != 0 && incomplete.stderr.contains("job_1"), "\(incomplete.stderr)")
        #expect(FileManager.default.fileExists(atPath: jobs + "/job_1.failed"))
        #expect(!FileManager.default.fileExists(atPath: jobs + "/job_1.done"))
    }

    /// Histograms, cutflow and generator-weight sums agree bin for bin (1e-9 relative: chunks of other
    /// sizes add the same weights in another order); the processing record may differ.
    static func expectSamePhysics(_ merged: AnalysisOutput, _ single: AnalysisOutput) throws {
        #expect(Set(merged.histograms.keys) == Set(single.histograms.keys))
        for (name, histogram) in single.histograms
        where name.hasPrefix("hist/") || name.hasPrefix("cutflow/") || name.hasPrefix("sum_") {
            let other = try #require(merged.histograms[name])
            let (mine, theirs) = (bins(other), bins(histogram))
            #expect(Set(mine.keys) == Set(theirs.keys), "\(name) bins")
            for (bin, expected) in theirs {
                let got = mine[bin] ?? []
                #expect(
                    got.count == 2 && zip(got, expected).allSatisfy { LocalExampleTests.close($0, $1) },
                    "\(name) \(bin)")
            }
        }
    }

    /// Every bin by its category names and numeric index, so category order does not matter.
    static func bins(_ histogram: Histogram) -> [String: [Double]] {
        var result: [String: [Double]] = [:]
        let extents = histogram.axes.map(\.extent)
        let total = extents.reduce(1, *)
        for flat in 0..<total {
            var rest = flat
            var key: [String] = []
            for (axis, extent) in zip(histogram.axes, extents).reversed() {
                let index = rest % extent
                rest /= extent
                key.insert(axis.stringCategories.map { index < $0.count ? $0[index] : "flow" } ?? String(index), at: 0)
            }
            let value = histogram.values[flat]
            let variance = histogram.variances.isEmpty ? 0 : histogram.variances[flat]
            guard value != 0 || variance != 0 else { continue }
            result[key.joined(separator: "/")] = [value, variance]
        }
        return result
    }
}

/// `merge-outputs --replace`: the datasets of later files replace the first file's instead of adding.
@Suite(.enabled(if: TestPaths.python(importing: "uproot") != nil, "needs .venv with uproot (make test creates it)"))
struct MergeReplaceTests {
    @Test func laterDatasetsReplaceEarlierOnes() throws {
        try #require(LocalExampleTests.data, "example data could not be generated")
        let folder = TestPaths.scratchFolder("replace")
        let analysis = TestPaths.repositoryFile("share/examples/local/analysis.yaml")
        for run in ["first", "second"] {
            let result = try CommandResult.pocketCoffea([
                "run", "--cfg", analysis, "-o", folder + "/" + run, "-lc", "1",
            ])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let inputs = [folder + "/first/output_all.json", folder + "/second/output_all.json"]
        let added = try CommandResult.pocketCoffea(["merge-outputs"] + inputs + ["-o", folder + "/added.json"])
        let replaced = try CommandResult.pocketCoffea(
            ["merge-outputs", "--replace"] + inputs + ["-o", folder + "/replaced.json"])
        #expect(added.status == 0 && replaced.status == 0, "\(added.stderr)\(replaced.stderr)")
        let single = try AnalysisOutput.read(from: inputs[0]).cutflow
        let sum = try AnalysisOutput.read(from: folder + "/added.json").cutflow
        let replacement = try AnalysisOutput.read(from: folder + "/replaced.json").cutflow
        for (dataset, steps) in single {
            #expect(sum[dataset]?.first?.events == 2 * (steps.first?.events ?? 0))
            #expect(replacement[dataset]?.first?.events == steps.first?.events)
        }
    }

    @Test func otherBinningIsReportedWithBothFiles() throws {
        try #require(LocalExampleTests.data, "example data could not be generated")
        let folder = TestPaths.scratchFolder("mismatch")
        let analysis = try String(
            contentsOfFile: TestPaths.repositoryFile("share/examples/local/analysis.yaml"), encoding: .utf8)
        let datasets = TestPaths.repositoryFile("share/examples/local/datasets.json")
        for (name, text) in [("a", analysis), ("b", analysis.replacingOccurrences(of: "bins: 120", with: "bins: 60"))] {
            TestPaths.write(text, to: "\(name)/analysis.yaml", in: folder)
            let json = try String(contentsOfFile: datasets, encoding: .utf8).replacingOccurrences(
                of: "../../../.example-data", with: TestPaths.repositoryFile(".example-data"))
            TestPaths.write(json, to: "\(name)/datasets.json", in: folder)
            let result = try CommandResult.pocketCoffea([
                "run", "--cfg", "\(folder)/\(name)/analysis.yaml", "-o", "\(folder)/\(name)/out", "-lc", "1",
            ])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let (a, b) = ("\(folder)/a/out/output_all.json", "\(folder)/b/out/output_all.json")
        let merge = try CommandResult.pocketCoffea(["merge-outputs", a, b, "-o", folder + "/merged.json"])
        #expect(merge.status != 0)
        #expect(
            merge.stderr.contains("hist/mll") && merge.stderr.contains(a) && merge.stderr.contains(b), "\(merge.stderr)"
        )
        #expect(!FileManager.default.fileExists(atPath: folder + "/merged.json"))
    }
}
