// Test support: the real Rucio server of scripts/rucio-server.sh (PyPI rucio, SQLite, gunicorn on
// 127.0.0.1), seeded with a CMS-like catalogue. `.ci/run` and `make test` start it before the tests and
// stop it after; a test run without it starts it here (and `scripts/rucio-server.sh stop` stops it).

import Foundation

/// The running test server and the seeded catalogue's names.
public struct RucioTestServer: Sendable {
    /// `http://127.0.0.1:PORT`.
    public var url: String
    /// The account, user name and password of the seeded root account.
    public var account: String
    public var username: String
    public var password: String
    /// The CA file and the hashed CA folder that sign an HTTPS server's certificate (``sharedTLS`` only).
    public var caFile: String?
    public var caDirectory: String?

    /// The server's state folder (rucio.db, logs, server.env).
    public static let state = TestPaths.repositoryFile(".rucio")

    /// Why the server is not there.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The server, started (or found running) once per test process; why not is printed once on stderr.
    public static let shared: Result<RucioTestServer, Failure> = reporting(start([]))

    /// The HTTPS server on the same database (`scripts/rucio-server.sh start --tls`), started when first used.
    public static let sharedTLS: Result<RucioTestServer, Failure> = reporting(start(["--tls"]))

    private static func reporting(_ result: Result<RucioTestServer, Failure>) -> Result<RucioTestServer, Failure> {
        if case .failure(let failure) = result {
            FileHandle.standardError.write(
                Data("Rucio test server unavailable, the tests that need it are skipped: \(failure)\n".utf8))
        }
        return result
    }

    /// The server; the calling test is skipped, with the reason, when it cannot run.
    public static func require() throws -> RucioTestServer {
        switch shared {
        case .success(let server): return server
        case .failure(let failure): throw Failure(description: "Rucio server unavailable: \(failure)")
        }
    }

    /// Whether the server runs (for `.enabled(if:)`).
    public static var isAvailable: Bool {
        if case .success = shared { return true }
        return false
    }

    /// Makes every token the server issued so far expire now (`scripts/rucio-server.sh expire-tokens`).
    public static func expireTokens() throws {
        let result = try CommandResult.run(TestPaths.repositoryFile("scripts/rucio-server.sh"), ["expire-tokens"])
        guard result.status == 0 else { throw Failure(description: "expire-tokens failed: \(result.stderr)") }
    }

    private static func start(_ options: [String]) -> Result<RucioTestServer, Failure> {
        let script = TestPaths.repositoryFile("scripts/rucio-server.sh")
        let environmentFile = state + (options.isEmpty ? "/server.env" : "/server-tls.env")
        do {
            let result = try CommandResult.run(script, ["start"] + options)
            guard result.status == 0 else {
                return .failure(Failure(description: "\(script) start exited \(result.status): \(result.stderr)"))
            }
            let text = try String(contentsOfFile: environmentFile, encoding: .utf8)
            var values: [String: String] = [:]
            for line in text.split(separator: "\n") {
                let field = line.split(separator: "=", maxSplits: 1)
                if field.count == 2 { values[String(field[0])] = String(field[1]) }
            }
            guard let url = values["RUCIO_URL"], let account = values["RUCIO_ACCOUNT"],
                let username = values["RUCIO_USERNAME"], let password = values["RUCIO_PASSWORD"]
            else { return .failure(Failure(description: "\(environmentFile) is incomplete: \(text)")) }
            return .success(
                RucioTestServer(
                    url: url, account: account, username: username, password: password,
                    caFile: values["RUCIO_CA_FILE"], caDirectory: values["RUCIO_CA_DIR"]))
        } catch {
            return .failure(Failure(description: "\(script) start failed: \(error)"))
        }
    }
}

extension RucioTestServer {
    /// Writes `folder/rucio.cfg`, a client configuration for this server (userpass as the seeded root
    /// account), for RUCIO_CONFIG.
    public func writeClientConfiguration(in folder: String) {
        TestPaths.write(
            """
            [client]
            rucio_host = \(url)
            auth_host = \(url)
            auth_type = userpass
            username = \(username)
            password = \(password)
            account = \(account)
            """, to: "rucio.cfg", in: folder)
    }

    /// Writes `folder/SITECONF/<site>/storage.json` (for POCKET_COFFEA_SITECONF): one DISK RSE named
    /// after the site, with `protocol` (a JSON object) as its only protocol.
    public static func writeSiteStorage(_ site: String, protocol: String, in folder: String) {
        TestPaths.write(
            #"[{"site": "\#(site)", "type": "DISK", "rse": "\#(site)", "protocols": [\#(`protocol`)]}]"#,
            to: "SITECONF/\(site)/storage.json", in: folder)
    }

    /// The folder of the seeded TTTo2L2Nu files (`file_1.root` … `file_5.root`).
    public static let ttFolder =
        "/store/mc/RunIISummer20UL18NanoAODv9/TTTo2L2Nu_TuneCP5_13TeV-powheg-pythia8/NANOAODSIM/"
        + "106X_upgrade2018_realistic_v16_L1v1-v1/120000"
    /// The TTTo2L2Nu container; its blocks end in `#0b4e2a9c-1111-…001` (files 1–3) and `#…-2222-…002` (4–5).
    public static let ttContainer =
        "/TTTo2L2Nu_TuneCP5_13TeV-powheg-pythia8/RunIISummer20UL18NanoAODv9-106X_upgrade2018_realistic_v16_L1v1-v1/NANOAODSIM"
    public static let ttFirstBlock = ttContainer + "#0b4e2a9c-1111-4c1e-9a31-5d7c0ffee001"

    /// The LFN of TTTo2L2Nu `file_N.root`.
    ///
    /// Replicas: 1 CERN, FNAL_Disk, DESY; 2 CERN, FNAL_Disk; 3 DESY; 4 FNAL_Disk, FNAL_Tape; 5 CERN,
    /// Nebraska (davs only).
    public static func ttFile(_ number: Int) -> String { ttFolder + "/file_\(number).root" }

    /// The LFN of bench file `index` (0–999); index % 3 gives its replicas: 0 CERN, FNAL_Disk, DESY;
    /// 1 CERN, DESY; 2 FNAL_Disk.
    public static func benchFile(_ index: Int) -> String {
        "/store/mc/RunIISummer20UL18NanoAODv9/BenchSample_TuneCP5_13TeV-pythia8/NANOAODSIM/"
            + "106X_upgrade2018_realistic_v16_L1v1-v1/130000/bench_" + String(format: "%04d", index) + ".root"
    }

    /// A site map of the seeded RSEs in PocketCoffea's .sites_map.json form (FNAL with rules, as CMS has).
    public static let siteMapJSON = """
        {"T2_CH_CERN": "root://eoscms.cern.ch//eos/cms",
         "T1_US_FNAL_Disk": {"/+store/temp/user/(.*)": "root://cmseos.fnal.gov//eos/uscms/store/temp/user/$1",
                             "/+store/(.*)": "root://cmsdcadisk.fnal.gov//dcache/uscmsdisk/store/$1"},
         "T2_DE_DESY": {"/+(.*)": "root://dcache-cms-xrootd.desy.de:1094//$1"},
         "T2_US_Nebraska": "root://xrootd-local.unl.edu:1094/"}
        """
}
