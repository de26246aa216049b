import Configuration
import Foundation
import Grid
import TestSupport
import Testing

@Suite struct SiteMapTests {
    let folder = TestPaths.scratchFolder("sitemap")
    static let lfn = "/store/mc/Run3/DY/NANOAODSIM/x/file.root"

    @Test(.enabled(if: TestPaths.hasSharedTestData, "needs ../shared/testdata"))
    func theRealKITStorageJSON() throws {
        let value = try JSONReader.parse(contentsOf: TestPaths.shared("samples/siteconf/wmcore_T1_DE_KIT_storage.json"))
        let sites = SiteMap.sites(fromStorageJSON: value)
        #expect(Array(sites.keys) == ["T1_DE_KIT_Disk"], "the tape volume and the odd XRootD* protocols are skipped")
        #expect(sites["T1_DE_KIT_Disk"] == .prefix("root://cmsxrootd-kit-disk.gridka.de:1094/"))
        #expect(sites["T1_DE_KIT_Disk"]?.url(for: Self.lfn) == "root://cmsxrootd-kit-disk.gridka.de:1094/" + Self.lfn)
    }

    @Test(.enabled(if: TestPaths.hasSharedTestData, "needs ../shared/testdata"))
    func theReferencesSitesMapForm() throws {
        let value = try JSONReader.parse(
            contentsOf: TestPaths.shared("samples/datasets/anaconfigs_ttHbb_minor_bkg_sites_map.json"))
        let map = SiteMap(json: value)
        #expect(map["T2_CH_CERN"]?.url(for: Self.lfn) == "root://eoscms.cern.ch//eos/cms" + Self.lfn)
        #expect(map["T1_US_FNAL_Disk"]?.url(for: Self.lfn) == "root://cmsdcadisk.fnal.gov//dcache/uscmsdisk" + Self.lfn)
        #expect(
            map["T1_US_FNAL_Disk"]?.url(for: "/store/temp/user/a/b.root")
                == "root://cmseos.fnal.gov//eos/uscms/store/temp/user/a/b.root")
        #expect(
            map["T2_DE_DESY"]?.url(for: Self.lfn) == "root://dcache-cms-xrootd.desy.de:1094//" + Self.lfn.dropFirst())
        #expect(map["T3_CH_CERNBOX"]?.url(for: Self.lfn) == nil, "no rule matches")
        #expect(SiteMap(json: map.json) == map, "the cache form reads back")
    }

    @Test func chainedRulesAndGlobalAccessOnly() throws {
        let storage = """
            [{"site": "T2_XX_Test", "volume": "v", "type": "DISK", "rse": "T2_XX_Test",
              "protocols": [
                {"protocol": "pnfs", "access": "virtual", "rules": [{"lfn": "/+(store/.*)", "pfn": "/pnfs/test/$1"}]},
                {"protocol": "XRootD", "access": "global-rw",
                 "rules": [{"lfn": "/+(.*)", "pfn": "root://xrd.test.org:1094//$1", "chain": "pnfs"}]},
                {"protocol": "XRootD", "access": "site-ro", "prefix": "root://local.test.org/"}]},
             {"site": "T2_XX_Test", "type": "DISK", "rse": null, "protocols": []}]
            """
        let sites = SiteMap.sites(fromStorageJSON: try JSONReader.parse(storage))
        #expect(sites["T2_XX_Test"]?.url(for: Self.lfn) == "root://xrd.test.org:1094//pnfs/test" + Self.lfn)
        let map = SiteMap(sites: sites)
        #expect(SiteMap(json: map.json) == map, "chains survive the cache form")
    }

    func writeSiteconf(_ site: String, prefix: String, in siteconf: String) {
        TestPaths.write(
            """
            [{"site": "\(site)", "type": "DISK", "rse": "\(site)",
              "protocols": [{"protocol": "XRootD", "access": "global-ro", "prefix": "\(prefix)"}]}]
            """, to: "\(site)/storage.json", in: siteconf)
    }

    @Test func theCacheHasATimeToLiveAndOutlivesAMissingSiteconf() throws {
        let siteconf = folder + "/SITECONF"
        writeSiteconf("T2_AA_One", prefix: "root://one.org/", in: siteconf)
        TestPaths.write("not json", to: "T2_BB_Broken/storage.json", in: siteconf)
        let cache = SiteMapCache(siteconf: siteconf, cacheFolder: folder + "/cache")
        let first = cache.load()
        #expect(first.warnings.isEmpty)
        #expect(first.map.sites.keys.sorted() == ["T2_AA_One"])
        #expect(FileManager.default.fileExists(atPath: cache.cacheFile))
        #expect(cache.cacheFile.hasPrefix(folder + "/cache/"), "never the current directory")

        writeSiteconf("T2_CC_Two", prefix: "root://two.org/", in: siteconf)
        #expect(cache.load().map.sites.count == 1, "fresh cache: SITECONF is not read again")
        #expect(cache.load(now: Date(timeIntervalSinceNow: 7200)).map.sites.count == 2, "expired: read again")

        try FileManager.default.removeItem(atPath: siteconf)
        let stale = cache.load(now: Date(timeIntervalSinceNow: 3 * 3600))
        #expect(stale.map.sites.count == 2)
        #expect(stale.warnings.first?.contains("using the site map cached") == true)

        let none = SiteMapCache(siteconf: siteconf, cacheFolder: folder + "/other").load()
        #expect(none.map.isEmpty)
        #expect(none.warnings.first?.contains("no site map is cached") == true)
    }

    @Test func theCacheFolderFollowsXDG() {
        #expect(UserCacheFolder(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"]).path == "/x/pocket-coffea")
        #expect(UserCacheFolder(environment: ["HOME": "/h"]).path == "/h/.cache/pocket-coffea")
        #expect(SiteMapCache(environment: ["HOME": "/h"]).siteconf == SiteMapCache.cvmfsSiteconf)
        #expect(SiteMapCache(environment: ["HOME": "/h", "POCKET_COFFEA_SITECONF": "/s"]).siteconf == "/s")
    }
}
