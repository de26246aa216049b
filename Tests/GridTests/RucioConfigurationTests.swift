import Foundation
import Grid
import TestSupport
import Testing

@Suite struct RucioConfigurationTests {
    let folder = TestPaths.scratchFolder("rucio-config")

    func load(_ cfg: String?, _ environment: [String: String] = [:]) throws -> RucioConfiguration {
        var environment = environment.merging(["HOME": folder, "USER": "alice"]) { old, _ in old }
        if let cfg { environment["RUCIO_CONFIG"] = TestPaths.write(cfg, to: "rucio.cfg", in: folder) }
        return try RucioConfiguration.load(environment: environment)
    }

    @Test func clientSectionAndEnvironment() throws {
        let cfg = """
            [common]
            loglevel = INFO
            [client]
            rucio_host = https://rucio.example.org/
            auth_host = https://rucio-auth.example.org
            auth_type = userpass
            username = ddmlab
            password = secret
            account = root
            ca_cert = \(folder)
            request_retries = 5
            """
        let configuration = try load(cfg, ["RUCIO_ACCOUNT": "bob", "RUCIO_VO": "cms"])
        #expect(configuration.host == "https://rucio.example.org")
        #expect(configuration.authHost == "https://rucio-auth.example.org")
        #expect(configuration.account == "bob", "the environment wins over rucio.cfg")
        #expect(configuration.vo == "cms")
        #expect(configuration.authentication == .userpass(username: "ddmlab", password: "secret"))
        #expect(configuration.caDirectory == folder)
        #expect(configuration.caFile == nil)
        #expect(configuration.retries == 5)
        #expect(configuration.tokenCacheFolder == folder + "/.cache/pocket-coffea/rucio")
    }

    @Test func cmsDefaultsUseTheProxy() throws {
        let configuration = try load(
            nil, ["X509_USER_PROXY": folder + "/x509up", "X509_CERT_DIR": "/certs", "XDG_CACHE_HOME": folder + "/xdg"])
        #expect(configuration.host == RucioConfiguration.cmsHost)
        #expect(configuration.authHost == RucioConfiguration.cmsAuthHost)
        #expect(configuration.account == "alice")
        #expect(configuration.authentication == .x509Proxy(path: folder + "/x509up"))
        #expect(configuration.caDirectory == "/certs")
        #expect(configuration.tokenCacheFolder == folder + "/xdg/pocket-coffea/rucio")
    }

    @Test func aCAFileAndAToken() throws {
        let ca = TestPaths.write("PEM", to: "ca.pem", in: folder)
        let configuration = try load(
            "[client]\nauth_type = token\nca_cert = \(ca)\n", ["RUCIO_AUTH_TOKEN": "root-x-y"])
        #expect(configuration.caFile == ca)
        #expect(configuration.authentication == .token("root-x-y"))
    }

    @Test func problemsNameTheFileAndTheFix() throws {
        let missing = #expect(throws: RucioError.self) {
            try load("[client]\nauth_type = userpass\nusername = u\n")
        }
        #expect(missing?.code == .configuration)
        #expect(missing?.description.contains(folder + "/rucio.cfg") == true)
        #expect(missing?.description.contains("needs both username and password") == true)
        let unknown = #expect(throws: RucioError.self) { try load("[client]\nauth_type = kerberos\n") }
        #expect(unknown?.description.contains("unsupported auth_type 'kerberos'") == true)
        let absent = #expect(throws: RucioError.self) {
            try RucioConfiguration.load(environment: ["RUCIO_CONFIG": folder + "/nope.cfg"])
        }
        #expect(absent?.description.contains("does not exist") == true)
    }
}
