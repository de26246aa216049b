import Configuration
import Foundation
import Jobs
import TestSupport
import Testing

/// Finding, checking and copying the grid proxy, with a stand-in voms-proxy-info on PATH.
@Suite struct GridProxyTests {
    let folder = TestPaths.scratchFolder("proxy")
    var home: String { folder + "/home" }
    var bin: String { folder + "/bin" }

    init() throws {
        try FileManager.default.createDirectory(atPath: folder + "/home", withIntermediateDirectories: true)
        TestPaths.write("PROXY-BYTES", to: "tmp/x509up_u1000", in: folder)
    }

    /// A voms-proxy-info that answers `-path` with the temp proxy and `-timeleft` with `seconds`.
    func fakeInfo(timeLeft seconds: Int, knowsPath: Bool = true) {
        TestPaths.writeProgram(
            """
            case "$*" in
              -path) \(knowsPath ? "echo \(folder)/tmp/x509up_u1000" : "echo 'Proxy not found' >&2; exit 1") ;;
              *-timeleft) echo \(seconds) ;;
              *) exit 1 ;;
            esac
            """, named: "voms-proxy-info", in: bin)
    }

    func options(_ yaml: String = "") throws -> RunOptions {
        let (options, _) = try RunOptionsResolver().resolve(
            executor: ExecutorSpec(name: "condor", site: "lxplus"),
            customOptions: ("ro.yaml", try YAMLReader.parse(yaml)))
        return options
    }

    func proxy(_ extra: [String: String] = [:]) -> GridProxy {
        GridProxy(environment: ["PATH": bin, "HOME": home].merging(extra) { $1 })
    }

    @Test func theCurrentProxyIsCopiedIntoHomeWithMode0600() throws {
        fakeInfo(timeLeft: 3600)
        let path = try #require(try proxy().prepare(try options()))
        #expect(path == home + "/x509up_u1000")
        #expect(FileManager.default.contents(atPath: path) == Data("PROXY-BYTES".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func x509UserProxyWinsOverVomsProxyInfo() throws {
        fakeInfo(timeLeft: 3600, knowsPath: false)
        TestPaths.write("OTHER", to: "grid/myproxy", in: folder)
        let path = try proxy(["X509_USER_PROXY": folder + "/grid/myproxy"]).prepare(try options())
        #expect(path == home + "/myproxy")
        #expect(FileManager.default.contents(atPath: home + "/myproxy") == Data("OTHER".utf8))
    }

    @Test func anExplicitVomsProxyIsUsedInPlace() throws {
        fakeInfo(timeLeft: 3600)
        let explicit = folder + "/tmp/x509up_u1000"
        #expect(try proxy().prepare(try options("voms-proxy: \(explicit)")) == explicit)
    }

    @Test func anExpiredProxyIsOneErrorWithTheFix() throws {
        fakeInfo(timeLeft: 0)
        let error = #expect(throws: JobsError.self) { try proxy().prepare(try options()) }
        #expect(error?.message == "the grid proxy \(folder)/tmp/x509up_u1000 has expired")
        #expect(error?.description.contains("voms-proxy-init -voms cms") == true)
    }

    @Test func noProxyAtAllIsOneErrorWithTheFix() throws {
        fakeInfo(timeLeft: 0, knowsPath: false)
        let error = #expect(throws: JobsError.self) { try proxy().prepare(try options()) }
        #expect(error?.message.contains("no grid proxy found") == true)
        #expect(error?.description.contains("ignore-grid-certificate: true") == true)
    }

    @Test func ignoreGridCertificateNeedsNoProxy() throws {
        #expect(try proxy().prepare(try options("ignore-grid-certificate: true")) == nil)
    }
}
