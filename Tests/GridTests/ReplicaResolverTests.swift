import Configuration
import Foundation
import Grid
import TestSupport
import Testing

/// Replica choice with the real Rucio server answering.
@Suite(.enabled(if: RucioTestServer.isAvailable, "needs the Rucio test server (scripts/rucio-server.sh start)"))
struct ReplicaResolverTests {
    let lines = LogLines()
    let siteMap = SiteMap(json: (try? JSONReader.parse(RucioTestServer.siteMapJSON)) ?? .null)

    func resolver(map: SiteMap? = nil) throws -> ReplicaResolver {
        let server = try RucioTestServer.require()
        var configuration = RucioConfiguration(
            host: server.url, account: server.account,
            authentication: .userpass(username: server.username, password: server.password),
            tokenCacheFolder: TestPaths.scratchFolder("rucio-cache"))
        configuration.backoff = 0.01
        let client = try RucioClient(configuration: configuration)
        return ReplicaResolver(siteMap: map ?? siteMap, catalog: client) { [lines] in lines.append($0) }
    }

    static func cern(_ number: Int) -> String { "root://eoscms.cern.ch//eos/cms" + RucioTestServer.ttFile(number) }
    static func desy(_ number: Int) -> String {
        "root://dcache-cms-xrootd.desy.de:1094/" + RucioTestServer.ttFile(number)
    }

    @Test func theSiteOfAURL() throws {
        let resolver = try resolver()
        #expect(resolver.site(of: Self.cern(1)) == "T2_CH_CERN")
        #expect(resolver.site(of: "root://eoscms.cern.ch:1094/eos/cms" + RucioTestServer.ttFile(1)) == "T2_CH_CERN")
        #expect(resolver.site(of: Self.desy(3)) == "T2_DE_DESY")
        #expect(
            resolver.site(of: "root://cmsdcadisk.fnal.gov:1094/dcache/uscmsdisk" + RucioTestServer.ttFile(2))
                == "T1_US_FNAL_Disk")
        #expect(resolver.site(of: ReplicaResolver.globalRedirector + "store/x.root") == nil)
        #expect(resolver.site(of: "/data/local/file.root") == nil)
    }

    @Test func theBlocklistMatchesDiskSuffixedNames() {
        #expect(ReplicaResolver.isBlocked("T1_US_FNAL_Disk", by: ["T1_US_FNAL"]))
        #expect(ReplicaResolver.isBlocked("T1_US_FNAL_Disk", by: ["T1_US_FNAL_Disk"]))
        #expect(!ReplicaResolver.isBlocked("T2_CH_CERN", by: ["T1_US_FNAL"]))
    }

    @Test func anotherReplicaIsNeverTheCurrentSiteNorBlockedNorFailed() throws {
        let resolver = try resolver()
        for _ in 0..<5 {
            let other = try resolver.otherReplica(for: Self.cern(1))
            #expect(
                resolver.site(of: other).map { ["T1_US_FNAL_Disk", "T2_DE_DESY"].contains($0) } == true, "\(other)")
        }
        let avoiding = try resolver.otherReplica(
            for: Self.cern(1), blocklist: ["T1_US_FNAL"],
            failed: ["root://dcache-cms-xrootd.desy.de:1094//" + RucioTestServer.ttFile(1).dropFirst()])
        #expect(avoiding == ReplicaResolver.globalRedirector + RucioTestServer.ttFile(1).dropFirst())
        #expect(
            lines.all.last
                == "[site rewrite] \(RucioTestServer.ttFile(1))  T2_CH_CERN -> GLOBAL_REDIRECTOR  "
                + "(root://eoscms.cern.ch//eos/cms -> root://xrootd-cms.infn.it//)  "
                + "[no per-site replica; blocklist=['T1_US_FNAL']]")
    }

    @Test func tapeAndSitesOutsideTheMapAreSkipped() throws {
        var map = siteMap
        map.sites["T1_US_FNAL_Tape"] = .prefix("root://cmsdcatape.fnal.gov/")
        map.sites["T2_US_Nebraska"] = nil
        let resolver = try resolver(map: map)
        let file4 = "root://cmsdcadisk.fnal.gov//dcache/uscmsdisk" + RucioTestServer.ttFile(4)
        #expect(try resolver.otherReplica(for: file4).hasPrefix(ReplicaResolver.globalRedirector), "tape is not used")
        #expect(
            try resolver.otherReplica(for: Self.cern(5)).hasPrefix(ReplicaResolver.globalRedirector),
            "Nebraska is not in the map")
        #expect(
            try resolver.otherReplica(for: Self.desy(3)).hasPrefix(ReplicaResolver.globalRedirector), "only at DESY")
    }

    @Test func aChangeIsOneLineInTheReferencesWords() throws {
        let resolver = try resolver()
        let other = try resolver.otherReplica(for: Self.cern(2))
        #expect(other == "root://cmsdcadisk.fnal.gov//dcache/uscmsdisk" + RucioTestServer.ttFile(2))
        #expect(
            lines.all == [
                "[site rewrite] \(RucioTestServer.ttFile(2))  T2_CH_CERN -> T1_US_FNAL_Disk  "
                    + "(root://eoscms.cern.ch//eos/cms -> root://cmsdcadisk.fnal.gov//dcache/uscmsdisk)"
            ])
    }

    @Test func aBlocklistRewriteKeepsOrderAndTouchesOnlyBlockedFiles() throws {
        let resolver = try resolver()
        let datasets = [
            Dataset(name: "TT_A", files: [Self.cern(1), Self.desy(3), Self.cern(2)], metadata: OrderedObject()),
            Dataset(name: "TT_B", files: [Self.desy(1), "/local/file.root"], metadata: OrderedObject()),
        ]
        let rewritten = try resolver.rewritingAway(from: ["T2_CH_CERN"], datasets)
        #expect(rewritten.map(\.name) == ["TT_A", "TT_B"])
        #expect(rewritten[0].files[1] == Self.desy(3))
        #expect(rewritten[1].files == datasets[1].files)
        #expect(
            rewritten[0].files[0].hasSuffix("/file_1.root") && resolver.site(of: rewritten[0].files[0]) != "T2_CH_CERN")
        #expect(rewritten[0].files[2] == "root://cmsdcadisk.fnal.gov//dcache/uscmsdisk" + RucioTestServer.ttFile(2))
        #expect(lines.all.filter { $0.hasPrefix("[site rewrite]") }.count == 2)
        #expect(lines.all.last == "[blocklist] TT_A: rewrote 2/3 files away from blocklisted sites.")
    }

    @Test func theRedirectorNeedsNoRucio() {
        let resolver = ReplicaResolver(siteMap: SiteMap(), catalog: nil) { [lines] in lines.append($0) }
        let datasets = [
            Dataset(name: "DY", files: [Self.cern(1), "/local/x.root", Self.desy(2)], metadata: OrderedObject())
        ]
        let rewritten = resolver.rewritingToRedirector(datasets)
        #expect(
            rewritten[0].files == [
                ReplicaResolver.globalRedirector + RucioTestServer.ttFile(1).dropFirst(), "/local/x.root",
                ReplicaResolver.globalRedirector + RucioTestServer.ttFile(2).dropFirst(),
            ])
        #expect(lines.all.last == "[redirector] DY: rewrote 2/3 files to root://xrootd-cms.infn.it//")
    }
}

/// Collects log lines from a resolver's closure.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }

    var all: [String] { lock.withLock { lines } }
}
