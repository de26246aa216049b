// Grid layer: the CMS site map — for each site (by its Rucio RSE name) how it serves files over XRootD.
// Read from SITECONF storage.json files (the XRootD protocol with global-ro/global-rw access of each DISK
// volume), or from PocketCoffea's .sites_map.json form (site → prefix, or site → {lfn regex: pfn}),
// which is also the form of the cache.

import Configuration
import Foundation

/// Site → XRootD access.
public struct SiteMap: Sendable, Equatable {
    /// The sites, by RSE name.
    public var sites: [String: SiteStorage]

    public init(sites: [String: SiteStorage] = [:]) {
        self.sites = sites
    }

    /// The access of `site`.
    public subscript(site: String) -> SiteStorage? { sites[site] }

    /// Whether the map knows no site.
    public var isEmpty: Bool { sites.isEmpty }

    // MARK: - SITECONF

    /// The sites of one parsed storage.json: every DISK volume with an RSE name and an `XRootD` protocol of
    /// `global-ro` or `global-rw` access; `chain`ed rules are applied through the protocol they name.
    public static func sites(fromStorageJSON value: ConfigValue) -> [String: SiteStorage] {
        var sites: [String: SiteStorage] = [:]
        for volume in value.arrayValue ?? [] {
            guard volume["type"]?.stringValue == "DISK", let rse = volume["rse"]?.stringValue else { continue }
            let protocols = volume["protocols"]?.arrayValue ?? []
            for entry in protocols where entry["protocol"]?.stringValue == "XRootD" {
                guard let access = entry["access"]?.stringValue, access == "global-ro" || access == "global-rw"
                else { continue }
                if let prefix = entry["prefix"]?.stringValue {
                    sites[rse] = .prefix(prefix)
                } else if let rules = entry["rules"]?.arrayValue {
                    sites[rse] = .rules(rules.compactMap { rule($0, protocols: protocols) })
                }
            }
        }
        return sites
    }

    /// One rule, with the rules of the protocol it is chained to.
    private static func rule(_ value: ConfigValue, protocols: [ConfigValue], depth: Int = 0) -> StorageRule? {
        guard let lfn = value["lfn"]?.stringValue, let pfn = value["pfn"]?.stringValue else { return nil }
        var chain: [StorageRule] = []
        if let name = value["chain"]?.stringValue, depth < 4,
            let chained = protocols.first(where: { $0["protocol"]?.stringValue == name })?["rules"]?.arrayValue
        {
            chain = chained.compactMap { rule($0, protocols: protocols, depth: depth + 1) }
        }
        return StorageRule(lfn: lfn, pfn: pfn, chain: chain)
    }

    /// The map of a SITECONF folder: `<folder>/T*/storage.json`, each read as above; unreadable files are
    /// skipped, as a site with a broken file cannot be used anyway.
    ///
    /// - Throws: ``SiteMapError`` when the folder cannot be listed.
    public static func load(siteconf folder: String) throws(SiteMapError) -> SiteMap {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw SiteMapError(folder: folder, "the SITECONF folder cannot be read: \(error.localizedDescription)")
        }
        var map = SiteMap()
        for name in names.sorted() where name.hasPrefix("T") {
            guard let value = try? JSONReader.parse(contentsOf: folder + "/" + name + "/storage.json") else { continue }
            map.sites.merge(sites(fromStorageJSON: value)) { _, new in new }
        }
        return map
    }

    // MARK: - .sites_map.json form

    /// A map in PocketCoffea's .sites_map.json form.
    public init(json value: ConfigValue) {
        var sites: [String: SiteStorage] = [:]
        for (site, entry) in value.objectValue?.entries ?? [] {
            if let prefix = entry.stringValue {
                sites[site] = .prefix(prefix)
            } else if let rules = entry.objectValue {
                sites[site] = .rules(rules.entries.compactMap { Self.rule(lfn: $0.key, $0.value) })
            }
        }
        self.sites = sites
    }

    /// The map in PocketCoffea's .sites_map.json form, sites sorted.
    public var json: ConfigValue {
        .object(
            OrderedObject(
                sites.keys.sorted().compactMap { site in
                    sites[site].map { storage in
                        switch storage {
                        case .prefix(let prefix): (site, .string(prefix))
                        case .rules(let rules): (site, Self.json(rules))
                        }
                    }
                }))
    }
}

extension SiteMap {
    /// A rule of the JSON form: `lfn: pfn`, or `lfn: {"pfn": …, "chain": {…}}` for a chained rule.
    fileprivate static func rule(lfn: String, _ value: ConfigValue) -> StorageRule? {
        if let pfn = value.stringValue { return StorageRule(lfn: lfn, pfn: pfn) }
        guard let pfn = value["pfn"]?.stringValue else { return nil }
        let chain = value["chain"]?.objectValue?.entries.compactMap { rule(lfn: $0.key, $0.value) } ?? []
        return StorageRule(lfn: lfn, pfn: pfn, chain: chain)
    }

    fileprivate static func json(_ rules: [StorageRule]) -> ConfigValue {
        .object(
            OrderedObject(
                rules.map { rule in
                    guard !rule.chain.isEmpty else { return (rule.lfn, .string(rule.pfn)) }
                    return (
                        rule.lfn, .object(OrderedObject([("pfn", .string(rule.pfn)), ("chain", json(rule.chain))]))
                    )
                }))
    }
}

/// The site map could not be built.
public struct SiteMapError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The SITECONF folder or cache file concerned.
    public var folder: String
    /// What went wrong.
    public var message: String

    public init(folder: String, _ message: String) {
        self.folder = folder
        self.message = message
    }

    public var description: String { "\(folder): \(message)" }
}
