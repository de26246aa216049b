import Foundation
import TestSupport
import Testing

/// `pocket-coffea run` end to end on small inputs written by the test.
@Suite struct RunCommandTests {
    let folder = TestPaths.scratchFolder("run")

    init() {
        TestPaths.write(
            """
            {"DY_2018": {"metadata": {"sample": "DY", "year": "2018", "isMC": "True", "xsec": "6077.22", "nevents": "300"},
                         "files": ["a.root", "b.root", "c.root"]},
             "DATA_2017": {"metadata": {"sample": "DATA", "year": "2017", "isMC": "False", "nevents": "50"},
                           "files": ["d.root"]}}
            """, to: "datasets.json", in: folder)
        TestPaths.write("datasets: {jsons: [datasets.json]}\n", to: "analysis.yaml", in: folder)
    }

    func run(_ arguments: [String]) throws -> CommandResult {
        try CommandResult.pocketCoffea(["run", "--cfg", "analysis.yaml", "-o", "out"] + arguments, in: folder)
    }

    @Test func dryRunWritesTheResolvedConfiguration() throws {
        let result = try run([
            "--dry-run", "--ignore-grid-certificate=true", "-e", "condor@lxplus", "-lf", "2", "-s", "7",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let runOptions = try String(contentsOfFile: folder + "/out/run_options.yaml", encoding: .utf8)
        #expect(runOptions.contains("scaleout: 7"))
        #expect(runOptions.contains("limit-files: 2"))
        #expect(runOptions.contains("queue: \"microcentury\""))
        let config = try String(contentsOfFile: folder + "/out/config.json", encoding: .utf8)
        #expect(config.contains("/b.root\""), "relative files are resolved against the dataset JSON")
        #expect(!config.contains("/c.root\""), "limit-files 2 keeps two files")
    }

    @Test func twoLetterFlagsWorkAsPocketCoffeaUsersTypeThem() throws {
        TestPaths.write("queue: workday\nscaleout: 3\n", to: "ro.yaml", in: folder)
        let result = try run([
            "--dry-run", "--ignore-grid-certificate=true", "-e", "condor@lxplus", "-ro", "ro.yaml", "-lc", "4", "-ll",
            "DEBUG",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("queue: \"workday\""))
        #expect(result.stdout.contains("scaleout: 3"))
        #expect(result.stdout.contains("limit-chunks: 4"))
    }

    @Test func extraRunOptionsAndTestLimits() throws {
        let result = try run([
            "--dry-run", "--ignore-grid-certificate=true", "-e", "condor@lxplus", "--test", "--max-events-per-job=1000",
            "--job-name", "jobs_v2",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Executor: condor@lxplus"))
        #expect(result.stdout.contains("max-events-per-job: 1000"))
        #expect(result.stdout.contains("job-name: \"jobs_v2\""))
        #expect(result.stdout.contains("limit-files: 2"))
        #expect(result.stdout.contains("limit-chunks: 2"))
    }

    @Test func filtersSelectDatasets() throws {
        let result = try run(["--dry-run", "--filter-years", "2018", "--filter-samples", "DY,DATA"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("DY_2018"))
        #expect(!result.stdout.contains("DATA_2017"))
    }

    @Test(arguments: [
        (["--filter-samples", "QCD"], "leaves no dataset"),
        (["-e", "slurm"], "unknown executor 'slurm'"),
        (["-ro", "missing.yaml"], "missing.yaml: cannot read the file"),
        (["--filter-datasets", "DY_2016"], "available samples: [DATA, DY]"),
    ])
    func badInputIsOneLineAndNonZero(arguments: [String], message: String) throws {
        let result = try run(["--dry-run"] + arguments)
        #expect(result.status == 1)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test(arguments: [["-s", "0"], ["--chunksize=-5"], ["-lf", "0"]])
    func nonPositiveNumbersAreRejected(arguments: [String]) throws {
        let result = try run(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains("must be at least 1"))
    }

    @Test func unknownRunOptionKeysAreWarnedByName() throws {
        TestPaths.write("scaleot: 3\n", to: "typo.yaml", in: folder)
        let result = try run(["--dry-run", "-ro", "typo.yaml"])
        #expect(result.status == 0)
        #expect(
            result.stderr.contains(
                "warning: typo.yaml: unknown run option 'scaleot' is ignored (did you mean 'scaleout'?)"))
    }

    @Test func theResolvedConfiguratorRunsAgainWithoutTheYAML() throws {
        #expect(try run(["--dry-run", "--filter-samples", "DY"]).status == 0)
        let again = try CommandResult.pocketCoffea(
            ["run", "--cfg", "out/config.json", "-o", "out2", "--dry-run"], in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("DY_2018"))
        #expect(!again.stdout.contains("DATA_2017"))
    }
}
