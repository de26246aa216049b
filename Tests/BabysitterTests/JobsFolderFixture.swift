// Babysitter tests: a jobs folder compiled by the real job compiler (dry run), a condor_submit stand-in
// that behaves like condor_submit towards the folder (a new cluster, the submit event in the job's user
// log, the receipt) and counts its submissions, and helpers to write HTCondor events and job logs.

import Babysitter
import Condor
import Configuration
import Foundation
import Jobs
import TestSupport

/// A compiled jobs folder and a condor_submit stand-in, in a scratch folder of its own.
struct JobsFolderFixture {
    let scratch: String
    static let cern = "root://eoscms.cern.ch//eos/cms/store/mc/TT/"

    var folder: JobsFolder { JobsFolder(path: scratch + "/out/job") }
    var submitter: String { scratch + "/bin/condor_submit" }
    var submissionsFile: String { scratch + "/submitted.txt" }

    /// Compiles `jobs` one-file jobs (samples TT and DY alternate) and writes the stand-in, which sleeps
    /// `delay` seconds between logging the submission and printing its receipt, and fails when the
    /// file `scratch/fail-submit` exists.
    /// - Parameter files: the input of each job; by default `jobs` files at CERN.
    init(jobs: Int = 4, delay: Double = 0, files: [String]? = nil) throws {
        scratch = TestPaths.scratchFolder("babysitter")
        let inputs = files ?? (0..<jobs).map { Self.cern + "file_\($0).root" }
        let jobs = inputs.count
        let datasets = inputs.enumerated().map { index, file in
            let sample = index % 2 == 0 ? "TT" : "DY"
            return Dataset(
                name: "\(sample)_\(index)", files: [file],
                metadata: OrderedObject([("sample", .string(sample)), ("nevents", .string("1000"))]))
        }
        let executor = ExecutorSpec(name: "condor", site: "lxplus")
        let custom = try YAMLReader.parse(
            "scaleout: \(jobs)\nignore-grid-certificate: true\ndry-run: true\nqueue: espresso\n")
        let (options, _) = try RunOptionsResolver().resolve(executor: executor, customOptions: ("ro.yaml", custom))
        let configurator = AnalysisConfigurator(
            source: scratch + "/a.yaml", description: nil, datasetFiles: [], datasetFilter: DatasetFilter(),
            tree: "Events", parameters: OrderedObject(), analysis: OrderedObject(),
            datasets: DatasetCatalog(datasets: datasets))
        let run = ResolvedRun(
            executor: executor, runOptions: options, configurator: configurator, outputDirectory: scratch + "/out",
            warnings: [])
        _ = try JobCompiler(run: run, binary: TestPaths.binary, version: "test", proxy: nil).compile()
        try FileManager.default.createDirectory(atPath: folder.logs, withIntermediateDirectories: true)
        TestPaths.writeProgram(
            """
            [ -e \(scratch)/fail-submit ] && { echo 'ERROR: Failed to connect to local queue manager' >&2; exit 1; }
            n=${1#job_}; n=${n%.sub}
            c=$(( $(cat \(scratch)/cluster 2>/dev/null || echo 100) + 1 )); echo $c > \(scratch)/cluster
            printf '000 (%03d.000.000) 2026-11-29 06:00:00 Job submitted from host: <127.0.0.1:9618>\\n...\\n' $c \\
                >> logs/job_$c.$n.log
            echo "$n $c" >> \(submissionsFile)
            sleep \(delay)
            echo 'Submitting job(s).'
            echo "1 job(s) submitted to cluster $c."
            """, named: "condor_submit", in: scratch + "/bin")
    }

    /// A request for this folder using the stand-in.
    func request(resubmit: Bool = true) -> BabysitterRequest {
        var request = BabysitterRequest(folder: folder)
        request.resubmit = resubmit
        request.submitter = submitter
        request.pollInterval = 0.05
        request.environment = ["HOME": scratch, "XDG_CACHE_HOME": scratch + "/cache"]
        return request
    }

    /// The job indices the stand-in submitted, in order.
    var submissions: [Int] {
        let text = (try? String(contentsOfFile: submissionsFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { $0.split(separator: " ").first.flatMap { Int($0) } }
    }

    func flags(_ index: Int) -> [JobsFolder.Flag] {
        JobsFolder.Flag.allCases.filter { FileManager.default.fileExists(atPath: folder.flagFile(index, $0)) }
    }

    func setFlag(_ index: Int, _ flag: JobsFolder.Flag) {
        for other in JobsFolder.Flag.allCases { unlink(folder.flagFile(index, other)) }
        _ = FileManager.default.createFile(atPath: folder.flagFile(index, flag), contents: Data())
    }

    /// Appends `events` to the batch user log `logs/job_CLUSTER.log`.
    func appendEvents(_ events: [UserLogEvent], cluster: Int) throws {
        let path = folder.logs + "/job_\(cluster).log"
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(events.map(\.logText).joined().utf8))
    }

    /// Writes job `index`'s stderr for cluster `cluster`.
    func writeError(_ text: String, index: Int, cluster: Int) {
        TestPaths.write(text, to: "job_\(cluster).\(index).err", in: folder.logs)
    }

    /// The +JobFlavour of job_N.sub.
    func flavour(_ index: Int) throws -> String? {
        let text = try String(contentsOfFile: folder.submitFile(index), encoding: .utf8)
        return SubmitFileEdit(text: text).value(of: "+JobFlavour")
    }

    static let time = UserLogTimestamp(Date(timeIntervalSince1970: 1_800_000_000))
}
