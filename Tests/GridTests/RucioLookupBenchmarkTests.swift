import Configuration
import Foundation
import Grid
import TestSupport
import Testing

/// The figure the issue asks for: Rucio look-ups for 1,000 failed files.
///
/// They go through one connection, one token and batched DIDs. The time is printed, not asserted on
/// (DESIGN.md §6); the request count is asserted.
@Suite(.enabled(if: RucioTestServer.isAvailable, "needs the Rucio test server (scripts/rucio-server.sh start)"))
struct RucioLookupBenchmarkTests {
    @Test func oneThousandFailedFiles() throws {
        let server = try RucioTestServer.require()
        let configuration = RucioConfiguration(
            host: server.url, account: server.account,
            authentication: .userpass(username: server.username, password: server.password),
            tokenCacheFolder: TestPaths.scratchFolder("rucio-cache"))
        let client = try RucioClient(configuration: configuration)
        let siteMap = SiteMap(json: try JSONReader.parse(RucioTestServer.siteMapJSON))
        let resolver = ReplicaResolver(siteMap: siteMap, catalog: client) { _ in }
        let failed = (0..<1000).map { "root://eoscms.cern.ch//eos/cms" + RucioTestServer.benchFile($0) }
        let clock = ContinuousClock()
        var rewritten: [String] = []
        let elapsed = try clock.measure {
            try resolver.prefetch(failed)
            rewritten = try failed.map { url throws(RucioError) in try resolver.otherReplica(for: url, failed: [url]) }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "Rucio look-ups for \(failed.count) failed files: \(String(format: "%.2f", seconds)) s, "
                + "\(client.requestCount) HTTP requests (\(client.authenticationCount) authentication), "
                + "\(RucioClient.didsPerRequest) DIDs per POST /replicas/list")
        #expect(client.requestCount <= 5, "1 authentication + 2 batches (+ a renewal if a token expired meanwhile)")
        #expect(rewritten.count == 1000)
        #expect(rewritten.filter { $0.contains("eoscms") }.isEmpty, "no file stays at the failed site")
        let onlyAtFNAL = rewritten.enumerated().filter { $0.offset % 3 == 2 }.map(\.element)
        let elsewhere = onlyAtFNAL.filter { !$0.contains("cmsdcadisk") }
        #expect(
            elsewhere.isEmpty, "\(elsewhere.count) files only at FNAL went elsewhere, such as \(elsewhere.prefix(2))")
    }
}
