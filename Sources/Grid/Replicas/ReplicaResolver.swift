// Grid layer: replica choice, shared by --recreate-jobs and check-jobs. It finds the site a URL points
// at, asks Rucio (in batches, random order) where else a file lives, and rewrites filesets away from
// blocklisted sites or onto the global redirector — keeping the order of datasets and files, and
// logging each change in one line in the reference's words.

import Configuration

/// Chooses replicas and rewrites file URLs.
public final class ReplicaResolver {
    /// The CMS global XRootD redirector, the last resort for a file no listed site can serve.
    public static let globalRedirector = "root://xrootd-cms.infn.it//"

    /// The site map used to turn a site and an LFN into a URL, and a URL back into its site.
    public let siteMap: SiteMap
    /// Receives one line per change.
    public var log: (String) -> Void
    /// The Rucio scope of the files.
    public var scope = "cms"

    private let catalog: (any ReplicaCatalog)?
    private var replicasByLFN: [String: FileReplicas] = [:]
    private var lookedUp: Set<String> = []
    private let sitesByAuthority: [String: [String]]

    /// A resolver over `siteMap`; `catalog` is needed only to find other replicas (not for the redirector).
    public init(siteMap: SiteMap, catalog: (any ReplicaCatalog)?, log: @escaping (String) -> Void) {
        self.siteMap = siteMap
        self.catalog = catalog
        self.log = log
        var index: [String: [String]] = [:]
        for site in siteMap.sites.keys.sorted() {
            guard let probe = siteMap[site]?.url(for: "/store/probe"), let authority = StoragePath.authority(of: probe)
            else { continue }
            index[authority, default: []].append(site)
        }
        sitesByAuthority = index
    }

    // MARK: - Sites

    /// The site serving `url`: the one whose URL for the same LFN is the same file, else the only site on
    /// that host; `nil` when unknown (a redirector, an unlisted host, a URL without `/store/`).
    public func site(of url: String) -> String? {
        guard let path = StoragePath(url: url), let authority = StoragePath.authority(of: url),
            let candidates = sitesByAuthority[authority]
        else { return nil }
        let target = StoragePath.normalized(url)
        for site in candidates where siteMap[site]?.url(for: path.lfn).map(StoragePath.normalized) == target {
            return site
        }
        return candidates.count == 1 ? candidates[0] : nil
    }

    /// Whether `site` is blocked by `blocklist`, which may name it with or without its `_Disk` suffix.
    public static func isBlocked(_ site: String, by blocklist: Set<String>) -> Bool {
        blocklist.contains(site) || (site.hasSuffix("_Disk") && blocklist.contains(String(site.dropLast(5))))
    }

    // MARK: - Rucio look-ups

    /// Looks up, in as few requests as the server allows, the replicas of every LFN in `urls` not looked
    /// up yet (random order, so repeated passes spread over sites).
    ///
    /// - Throws: ``RucioError`` when the catalogue cannot answer.
    public func prefetch(_ urls: [String]) throws(RucioError) {
        guard let catalog else { return }
        var wanted: [DID] = []
        for url in urls {
            guard let lfn = StoragePath(url: url)?.lfn, lookedUp.insert(lfn).inserted else { continue }
            wanted.append(DID(scope: scope, name: lfn))
        }
        guard !wanted.isEmpty else { return }
        for file in try catalog.listReplicas(wanted, query: ReplicaQuery(sort: .random)) {
            replicasByLFN[file.did.name] = file
        }
    }

    // MARK: - Rewrites

    /// Another URL for `url`, and one log line saying so.
    ///
    /// It is the first replica (in Rucio's random order) at a site that is on disk, available, in the site
    /// map, not blocklisted, not `url`'s own site, and whose URL has not failed; else the global redirector.
    ///
    /// - Throws: ``RucioError`` when the file's replicas cannot be looked up.
    public func otherReplica(for url: String, blocklist: Set<String> = [], failed: Set<String> = [])
        throws(RucioError) -> String
    {
        guard let path = StoragePath(url: url) else {
            log("WARNING: cannot extract LFN from \(url); leaving unchanged.")
            return url
        }
        try prefetch([url])
        let current = site(of: url)
        let currentName = current ?? "<unknown:\(path.prefix)>"
        let failedURLs = Set(failed.map(StoragePath.normalized)).union([StoragePath.normalized(url)])
        let file = replicasByLFN[path.lfn]
        for replica in file?.replicas ?? [] {
            let site = replica.rse
            guard !replica.isTape, file?.states[site].map({ $0 == "AVAILABLE" }) ?? true,
                !Self.isBlocked(site, by: blocklist), site != current,
                let candidate = siteMap[site]?.url(for: path.lfn),
                !failedURLs.contains(StoragePath.normalized(candidate))
            else { continue }
            let newPrefix = StoragePath(url: candidate)?.prefix ?? candidate
            log("[site rewrite] \(path.lfn)  \(currentName) -> \(site)  (\(path.prefix) -> \(newPrefix))")
            return candidate
        }
        let redirected = Self.redirectorURL(for: path)
        let listed =
            blocklist.isEmpty ? "None" : "[" + blocklist.sorted().map { "'\($0)'" }.joined(separator: ", ") + "]"
        log(
            "[site rewrite] \(path.lfn)  \(currentName) -> GLOBAL_REDIRECTOR  (\(path.prefix) -> \(Self.globalRedirector))"
                + "  [no per-site replica; blocklist=\(listed)]")
        return redirected
    }

    /// `datasets` with every file served by a blocklisted site moved to another replica; other files,
    /// and the order of datasets and files, unchanged.
    ///
    /// - Throws: ``RucioError`` when replicas cannot be looked up.
    public func rewritingAway(from blocklist: Set<String>, _ datasets: [Dataset]) throws(RucioError) -> [Dataset] {
        guard !blocklist.isEmpty else { return datasets }
        let blocked = datasets.flatMap(\.files).filter { url in
            site(of: url).map { Self.isBlocked($0, by: blocklist) } ?? false
        }
        try prefetch(blocked)
        var result = datasets
        for index in result.indices {
            var rewritten = 0
            for fileIndex in result[index].files.indices {
                let url = result[index].files[fileIndex]
                guard let site = site(of: url), Self.isBlocked(site, by: blocklist) else { continue }
                result[index].files[fileIndex] = try otherReplica(for: url, blocklist: blocklist)
                rewritten += 1
            }
            if rewritten > 0 {
                log(
                    "[blocklist] \(result[index].name): rewrote \(rewritten)/\(result[index].files.count) files "
                        + "away from blocklisted sites.")
            }
        }
        return result
    }

    /// `datasets` with every file read through the global redirector (no Rucio call); files without a
    /// `/store/` LFN are kept, with a warning.
    public func rewritingToRedirector(_ datasets: [Dataset]) -> [Dataset] {
        var result = datasets
        for index in result.indices {
            var rewritten = 0
            result[index].files = result[index].files.map { url in
                guard let path = StoragePath(url: url) else {
                    log("WARNING: cannot extract LFN from \(url); leaving unchanged.")
                    return url
                }
                let redirected = Self.redirectorURL(for: path)
                if redirected != url { rewritten += 1 }
                return redirected
            }
            if rewritten > 0 {
                log(
                    "[redirector] \(result[index].name): rewrote \(rewritten)/\(result[index].files.count) files to "
                        + Self.globalRedirector)
            }
        }
        return result
    }

    /// `root://xrootd-cms.infn.it//store/...`.
    static func redirectorURL(for path: StoragePath) -> String {
        globalRedirector + path.lfn.drop { $0 == "/" }
    }
}
