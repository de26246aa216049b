import Foundation
import TestSupport
import Testing

@testable import Grid

/// The Rucio client against the real server of scripts/rucio-server.sh.
///
/// Serialized: one test expires every token of the server, which would add renewals to the counts of others.
@Suite(
    .serialized,
    .enabled(if: RucioTestServer.isAvailable, "needs the Rucio test server (scripts/rucio-server.sh start)"))
struct RucioClientTests {
    let cache = TestPaths.scratchFolder("rucio-cache")

    func configuration(password: String? = nil, host: String? = nil) throws -> RucioConfiguration {
        let server = try RucioTestServer.require()
        var configuration = RucioConfiguration(
            host: host ?? server.url, account: server.account,
            authentication: .userpass(username: server.username, password: password ?? server.password),
            tokenCacheFolder: cache + "/rucio")
        configuration.backoff = 0.01
        configuration.retries = 2
        return configuration
    }

    func client(password: String? = nil) throws -> RucioClient {
        try RucioClient(configuration: configuration(password: password))
    }

    @Test func pingNeedsNoToken() throws {
        let client = try client()
        #expect(try client.ping() == "41.5.1")
        #expect(client.authenticationCount == 0)
    }

    @Test func userpassTokenIsCachedPrivatelyAndReused() throws {
        let first = try client()
        _ = try first.listReplicas([DID(name: RucioTestServer.ttFile(1))])
        _ = try first.listFiles(DID(name: RucioTestServer.ttFirstBlock))
        #expect(first.authenticationCount == 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: cache + "/rucio")
        #expect(files.count == 1)
        let file = cache + "/rucio/" + files[0]
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let folderMode = try FileManager.default.attributesOfItem(atPath: cache + "/rucio")[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        let second = try client()
        _ = try second.listReplicas([DID(name: RucioTestServer.ttFile(2))])
        #expect(second.authenticationCount == 0, "the cached token is used")
    }

    @Test func aWrongPasswordIsRefusedWithoutPrintingIt() throws {
        let error = #expect(throws: RucioError.self) {
            try client(password: "not-the-password-42").listReplicas([DID(name: RucioTestServer.ttFile(1))])
        }
        #expect(error?.code == .unauthorized)
        #expect(error?.status == 401)
        #expect(error?.description.contains("CannotAuthenticate") == true)
        #expect(error?.description.contains("not-the-password-42") == false)
        #expect(error?.description.contains("/auth/userpass") == true)
    }

    @Test func anExpiredTokenIsRenewedOn401() throws {
        try client().authenticate()
        let tokenFile = try cache + "/rucio/" + FileManager.default.contentsOfDirectory(atPath: cache + "/rucio")[0]
        let before = try String(contentsOfFile: tokenFile, encoding: .utf8)
        try RucioTestServer.expireTokens()
        let client = try client()
        let files = try client.listReplicas([DID(name: RucioTestServer.ttFile(1))])
        #expect(files.count == 1)
        #expect(client.authenticationCount == 1, "the refused token was replaced")
        #expect(try String(contentsOfFile: tokenFile, encoding: .utf8) != before)
    }

    @Test func aStaleCachedTokenIsNotSent() throws {
        let configuration = try configuration()
        RucioTokenCache(configuration: configuration).store(
            RucioToken(value: "root-ddmlab-unknown-stale", expires: Date(timeIntervalSinceNow: -10)))
        let client = try RucioClient(configuration: configuration)
        _ = try client.listReplicas([DID(name: RucioTestServer.ttFile(3))])
        #expect(client.authenticationCount == 1)
        #expect(client.requestCount == 2, "one authentication, one look-up, no 401")
    }

    @Test func listReplicasOfOneFileWithSchemesAndRandomSort() throws {
        let files = try client().listReplicas(
            [DID(name: RucioTestServer.ttFile(1))], query: ReplicaQuery(schemes: ["root"], sort: .random))
        let file = try #require(files.first)
        #expect(file.did == DID(name: RucioTestServer.ttFile(1)))
        #expect(Set(file.replicas.map(\.rse)) == ["T2_CH_CERN", "T1_US_FNAL_Disk", "T2_DE_DESY"])
        #expect(file.replicas.map(\.priority) == [1, 2, 3])
        #expect(file.replicas.allSatisfy { $0.pfn.hasPrefix("root://") && $0.pfn.hasSuffix("/file_1.root") })
        #expect(file.states["T2_DE_DESY"] == "AVAILABLE")
        #expect(file.bytes == 1_694_578)
    }

    @Test func withoutSortTheOrderIsTheServersStableOne() throws {
        let rses = try client().listReplicas([DID(name: RucioTestServer.ttFile(1))])[0].replicas.map(\.rse)
        #expect(rses == ["T1_US_FNAL_Disk", "T2_DE_DESY", "T2_CH_CERN"])
    }

    @Test func theClientsSiteComesFirstAsLAN() throws {
        let query = ReplicaQuery(schemes: ["root"], sort: .random, clientLocation: ClientLocation(site: "T2_DE_DESY"))
        let replicas = try client().listReplicas([DID(name: RucioTestServer.ttFile(1))], query: query)[0].replicas
        #expect(replicas.first?.rse == "T2_DE_DESY")
        #expect(replicas.first?.domain == "lan")
        #expect(replicas.dropFirst().allSatisfy { $0.domain == "wan" })
    }

    @Test func schemesSelectThePFNs() throws {
        let client = try client()
        let both = try client.listReplicas(
            [DID(name: RucioTestServer.ttFile(1))], query: ReplicaQuery(schemes: ["root", "davs"]))[0]
        #expect(both.replicas.filter { $0.rse == "T2_DE_DESY" }.count == 2)
        let none = try client.listReplicas(
            [DID(name: RucioTestServer.ttFile(1))], query: ReplicaQuery(schemes: ["gsiftp"]))[0]
        #expect(none.replicas.isEmpty)
        #expect(none.states.count == 3, "states still name every replica")
    }

    @Test func blocksContainersRSEExpressionsAndTape() throws {
        let client = try client()
        let block = try client.listReplicas([DID(name: RucioTestServer.ttFirstBlock)])
        #expect(block.map(\.did.name).sorted() == (1...3).map(RucioTestServer.ttFile))
        let container = try client.listReplicas(
            [DID(name: RucioTestServer.ttContainer)], query: ReplicaQuery(schemes: ["root"]))
        #expect(container.count == 5)
        let cern = try client.listReplicas(
            [DID(name: RucioTestServer.ttContainer)], query: ReplicaQuery(rseExpression: "T2_CH_CERN"))
        #expect(cern.flatMap(\.replicas).allSatisfy { $0.rse == "T2_CH_CERN" })
        #expect(Set(cern.map(\.did.name)) == Set([1, 2, 5].map(RucioTestServer.ttFile)))
        let file4 = try #require(container.first { $0.did.name == RucioTestServer.ttFile(4) })
        #expect(file4.replicas.first { $0.rse == "T1_US_FNAL_Tape" }?.isTape == true)
        #expect(file4.replicas.first { $0.rse == "T1_US_FNAL_Disk" }?.isTape == false)
    }

    @Test func parentsAreListedWhenAskedFor() throws {
        var query = ReplicaQuery(schemes: ["root"])
        query.resolveParents = true
        let file = try #require(try client().listReplicas([DID(name: RucioTestServer.ttFile(4))], query: query).first)
        #expect(
            Set(file.parents) == [
                "cms:" + RucioTestServer.ttContainer + "#0b4e2a9c-2222-4c1e-9a31-5d7c0ffee002",
                "cms:" + RucioTestServer.ttContainer,
            ])
    }

    @Test func anUnknownDIDHasNoReplicasAndNoFiles() throws {
        let client = try client()
        #expect(try client.listReplicas([DID(name: "/store/mc/does/not/exist.root")]).isEmpty)
        let error = #expect(throws: RucioError.self) {
            try client.listFiles(DID(name: "/TTTo2L2Nu/Nope/NANOAODSIM#x"))
        }
        #expect(error?.code == .notFound)
        #expect(error?.description.contains("DataIdentifierNotFound") == true)
    }

    @Test func listFilesOfAContainer() throws {
        let files = try client().listFiles(DID(name: RucioTestServer.ttContainer))
        #expect(files.count == 5)
        #expect(files.first { $0.did.name == RucioTestServer.ttFile(4) }?.events == 4000)
    }

    @Test func tlsTrustsTheConfiguredCAFileOrFolderOnly() throws {
        guard case .success(let server) = RucioTestServer.sharedTLS else {
            try Test.cancel("the HTTPS Rucio test server did not start (scripts/rucio-server.sh start --tls)")
        }
        for (folder, file) in [(nil, server.caFile), (server.caDirectory, nil)] {
            var configuration = try configuration(host: server.url)
            configuration.caDirectory = folder
            configuration.caFile = file
            let client = try RucioClient(configuration: configuration)
            #expect(try client.ping() == "41.5.1")
            #expect(try client.listReplicas([DID(name: RucioTestServer.ttFile(1))]).count == 1)
        }
        let untrusted = try RucioClient(configuration: configuration(host: server.url))
        let error = #expect(throws: RucioError.self) { try untrusted.ping() }
        #expect(error?.code == .tls)
        #expect(error?.description.contains("ca_cert") == true)
        #expect(untrusted.requestCount == 1, "a TLS failure is not retried")
    }

    @Test func anUnreadableProxyIsReportedBeforeAnyRequest() throws {
        var configuration = try configuration()
        configuration.authentication = .x509Proxy(path: cache + "/x509up_u0")
        let client = try RucioClient(configuration: configuration)
        let error = #expect(throws: RucioError.self) { try client.listReplicas([DID(name: RucioTestServer.ttFile(1))]) }
        #expect(error?.code == .configuration)
        #expect(error?.description.contains("voms-proxy-init -voms cms") == true)
        #expect(client.requestCount == 0)
    }

    @Test func aServerThatIsDownIsReportedAfterRetries() throws {
        var configuration = try configuration(host: "http://127.0.0.1:9")
        configuration.retries = 2
        let client = try RucioClient(configuration: configuration)
        let error = #expect(throws: RucioError.self) { try client.ping() }
        #expect(error?.code == .unreachable)
        #expect(error?.description.contains("http://127.0.0.1:9/ping") == true)
        #expect(error?.description.contains("after 3 attempts") == true)
        #expect(client.requestCount == 3)
    }

    @Test func a500IsRetriedThenReported() throws {
        let client = try client()
        let url = try RucioTestServer.require().url + "/replicas/list?limit=1"
        let body = ReplicaQuery(schemes: ["root"]).body([DID(name: RucioTestServer.ttFile(1))])
        let error = #expect(throws: RucioError.self) {
            try client.sendAuthenticated(HTTPRequest(method: .post, url: url, body: body))
        }
        #expect(error?.code == .serverError)
        #expect(error?.status == 500)
        #expect(error?.description.contains("'<=' not supported") == true)
        #expect(client.requestCount == 1 + 3, "one authentication, three tries")
    }

    @Test func aBadRequestIsNotRetried() throws {
        let client = try client()
        var query = ReplicaQuery()
        query.sort = nil
        var body = String(decoding: query.body([DID(name: RucioTestServer.ttFile(1))]), as: UTF8.self)
        body = String(body.dropLast()) + ",\"sort\":\"closest\"}"
        let request = HTTPRequest(
            method: .post, url: try RucioTestServer.require().url + "/replicas/list", body: Array(body.utf8))
        let error = #expect(throws: RucioError.self) { try client.sendAuthenticated(request) }
        #expect(error?.code == .badRequest)
        #expect(error?.description.contains("SortingAlgorithmNotSupported") == true)
        #expect(client.requestCount == 2)
    }

    @Test func aMalformedReplyIsReported() throws {
        let client = try client()
        let request = HTTPRequest(
            method: .post, url: try RucioTestServer.require().url + "/replicas/list",
            headers: [("Accept", "application/metalink4+xml")],
            body: ReplicaQuery().body([DID(name: RucioTestServer.ttFile(1))]))
        let error = #expect(throws: RucioError.self) {
            try client.sendAuthenticated(request) { line throws(RucioError) in
                _ = try FileReplicas(line: line, location: request.summary)
            }
        }
        #expect(error?.code == .malformedReply)
        #expect(error?.description.contains("not JSON") == true)
    }
}
