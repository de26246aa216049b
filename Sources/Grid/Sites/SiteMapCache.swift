// Grid layer: the site map with a time-to-live cache in the user's cache folder. Building it reads a
// few hundred storage.json files from /cvmfs, so it is done at most once an hour; when SITECONF is not
// mounted, an older cached map is better than none, and no map at all is a warning, not a crash (the
// reference crashed there).

import Configuration
import Foundation

/// Where the site map comes from, and how long a cached copy is trusted.
public struct SiteMapCache: Sendable {
    /// The SITECONF folder of CVMFS.
    public static let cvmfsSiteconf = "/cvmfs/cms.cern.ch/SITECONF"

    /// The SITECONF folder to read.
    public var siteconf: String
    /// The folder of the cached map.
    public var cacheFolder: String
    /// How long a cached map is used without reading SITECONF again, in seconds.
    public var timeToLive: TimeInterval = 3600

    /// The SITECONF folder from `POCKET_COFFEA_SITECONF` (else CVMFS'), cached in the user's cache folder.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        siteconf = environment["POCKET_COFFEA_SITECONF"] ?? Self.cvmfsSiteconf
        cacheFolder = UserCacheFolder(environment: environment).path
    }

    public init(siteconf: String, cacheFolder: String, timeToLive: TimeInterval = 3600) {
        self.siteconf = siteconf
        self.cacheFolder = cacheFolder
        self.timeToLive = timeToLive
    }

    /// The cache file of this SITECONF folder.
    public var cacheFile: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in siteconf.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return cacheFolder + "/sites_map-" + String(hash, radix: 16) + ".json"
    }

    /// The site map, with a warning for each fallback taken.
    ///
    /// It is the cached one while it is fresh, else SITECONF's (then cached), else a stale cached one, else
    /// an empty map.
    public func load(now: Date = Date()) -> (map: SiteMap, warnings: [String]) {
        let cached = readCache()
        if let cached, now.timeIntervalSince(cached.written) < timeToLive { return (cached.map, []) }
        var problem: String
        do {
            let map = try SiteMap.load(siteconf: siteconf)
            if !map.isEmpty {
                if UserCacheFolder.create(cacheFolder) {
                    try? AtomicFile.write(JSONWriter.string(map.json) + "\n", to: cacheFile)
                }
                return (map, [])
            }
            problem = "\(siteconf) holds no storage.json with an XRootD global-ro/global-rw protocol"
        } catch {
            problem = error.description
        }
        if let cached {
            let hours = Int(now.timeIntervalSince(cached.written) / 3600)
            return (cached.map, ["\(problem); using the site map cached \(hours) h ago in \(cacheFile)"])
        }
        return (
            SiteMap(),
            [
                "\(problem), and no site map is cached; without one, files cannot be moved to another site and go "
                    + "to the global redirector (set POCKET_COFFEA_SITECONF to a SITECONF folder)"
            ]
        )
    }

    private func readCache() -> (map: SiteMap, written: Date)? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: cacheFile),
            let written = attributes[.modificationDate] as? Date,
            let value = try? JSONReader.parse(contentsOf: cacheFile)
        else { return nil }
        let map = SiteMap(json: value)
        return map.isEmpty ? nil : (map, written)
    }
}
