// Babysitter tests: --resubmit against the real Rucio test server (scripts/rucio-server.sh) — a file
// that failed over XRootD moves to another replica in the job's configurator and jobs_config.yaml,
// and a site with more failed reads than the threshold is blacklisted once and its files move away.

import Babysitter
import Configuration
import Foundation
import Jobs
import TestSupport
import Testing

@Suite(.enabled(if: RucioTestServer.isAvailable, "needs the Rucio test server (scripts/rucio-server.sh start)"))
struct BabysitterReplicaTests {
    static let cern = "root://eoscms.cern.ch//eos/cms"
    static let fnal = "root://cmsdcadisk.fnal.gov//dcache/uscmsdisk"
    static let desy = "root://dcache-cms-xrootd.desy.de:1094/"
    let fixture: JobsFolderFixture
    let lines = Lines()

    init() throws {
        fixture = try JobsFolderFixture(
            files: [
                Self.cern + RucioTestServer.ttFile(1), Self.cern + RucioTestServer.ttFile(2),
                Self.desy + RucioTestServer.ttFile(3), Self.fnal + RucioTestServer.ttFile(4),
            ])
        let server = try RucioTestServer.require()
        server.writeClientConfiguration(in: fixture.scratch)
        for (site, storage) in [
            ("T2_CH_CERN", #"{"protocol": "XRootD", "access": "global-rw", "prefix": "\#(Self.cern)"}"#),
            (
                "T1_US_FNAL_Disk",
                #"{"protocol": "XRootD", "access": "global-ro", "rules": [{"lfn": "/+store/(.*)", "pfn": "root://cmsdcadisk.fnal.gov//dcache/uscmsdisk/store/$1"}]}"#
            ),
            (
                "T2_DE_DESY",
                #"{"protocol": "XRootD", "access": "global-ro", "rules": [{"lfn": "/+(.*)", "pfn": "root://dcache-cms-xrootd.desy.de:1094//$1"}]}"#
            ),
        ] {
            RucioTestServer.writeSiteStorage(site, protocol: storage, in: fixture.scratch)
        }
    }

    func babysitter(threshold: Int = 3) throws -> Babysitter {
        var request = fixture.request()
        request.blacklistThreshold = threshold
        request.environment = [
            "RUCIO_CONFIG": fixture.scratch + "/rucio.cfg", "XDG_CACHE_HOME": fixture.scratch + "/cache",
            "HOME": fixture.scratch, "POCKET_COFFEA_SITECONF": fixture.scratch + "/SITECONF",
        ]
        return try Babysitter(request: request) { [lines] in lines.append($0) }
    }

    func files(of index: Int) throws -> [String] {
        try AnalysisConfigurator.load(path: fixture.folder.configFile(index)).datasets.datasets.flatMap(\.files)
    }

    func failInput(_ url: String, job index: Int) {
        fixture.setFlag(index, .failed)
        fixture.writeError(
            "Traceback (most recent call last):\nOSError: XRootD error: [ERROR] Server responded with an error: "
                + "[3011] No servers are available to read the file.\nin file \(url)\n", index: index, cluster: 50)
    }

    @Test func aFailedInputIsRewrittenToAnotherReplicaAndResubmitted() throws {
        let failed = Self.cern + RucioTestServer.ttFile(2)
        let index = try (0..<4).first { try files(of: $0) == [failed] } ?? -1
        failInput(failed, job: index)
        let sitter = try babysitter()
        let report = try sitter.poll()
        #expect(try files(of: index) == [Self.fnal + RucioTestServer.ttFile(2)])
        #expect(try String(contentsOfFile: fixture.folder.failedInputsList, encoding: .utf8) == failed + "\n")
        #expect(FileManager.default.fileExists(atPath: fixture.folder.processedLogs + "/job_50.\(index).err"))
        #expect(fixture.submissions == [index])
        #expect(report.states[index] == .idle)
        let jobsConfig = try String(contentsOfFile: fixture.folder.jobsConfig, encoding: .utf8)
        #expect(jobsConfig.contains(RucioTestServer.ttFile(2)) && !jobsConfig.contains(failed))
    }

    @Test func aSiteOverTheThresholdIsBlacklistedOnceAndItsFilesMove() throws {
        TestPaths.write(
            [1, 5].map { Self.cern + RucioTestServer.ttFile($0) + "\n" }.joined(), to: "xrootdfaillist.txt",
            in: fixture.folder.path)
        let failed = Self.desy + RucioTestServer.ttFile(3)
        let cernJob = try (0..<4).first { try files(of: $0) == [Self.cern + RucioTestServer.ttFile(1)] } ?? -1
        let desyJob = try (0..<4).first { try files(of: $0) == [failed] } ?? -1
        failInput(failed, job: desyJob)
        fixture.setFlag(cernJob, .failed)
        let sitter = try babysitter(threshold: 1)
        _ = try sitter.poll()
        #expect(lines.all.filter { $0.hasPrefix("Blacklisting T2_CH_CERN") }.count == 1)
        #expect(try files(of: cernJob).allSatisfy { !$0.hasPrefix(Self.cern) })
        #expect(try files(of: desyJob).allSatisfy { !$0.hasPrefix(Self.desy) })
        fixture.setFlag(cernJob, .failed)
        _ = try sitter.poll()
        #expect(lines.all.filter { $0.hasPrefix("Blacklisting") }.count == 1)
        #expect(try BabysitterState.load(from: fixture.folder.path).blacklisted == ["T2_CH_CERN"])
    }
}
