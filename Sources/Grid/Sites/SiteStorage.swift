// Grid layer: how one CMS site serves files over XRootD — a `prefix` put before the LFN, or lfn→pfn
// `rules` (regular expressions whose groups `$1`, `$2`… fill the PFN), as SITECONF storage.json and
// PocketCoffea's .sites_map.json write them.

import Foundation

/// One lfn→pfn rule: a regular expression on the LFN and the PFN template.
public struct StorageRule: Sendable, Equatable {
    /// The regular expression an LFN must match from its start, such as `/+store/(.*)`.
    public var lfn: String
    /// The PFN, with `$1`… replaced by the expression's groups.
    public var pfn: String
    /// The rules of the protocol this rule is chained to (storage.json `chain`): the first of them that
    /// matches turns the LFN into the path this rule then matches.
    public var chain: [StorageRule]

    public init(lfn: String, pfn: String, chain: [StorageRule] = []) {
        self.lfn = lfn
        self.pfn = pfn
        self.chain = chain
    }

    /// The PFN of `lfn`, or `nil` when the rule (or its chain) does not match it.
    func apply(to lfn: String) -> String? {
        var path = lfn
        if !chain.isEmpty {
            guard let chained = chain.lazy.compactMap({ $0.apply(to: lfn) }).first else { return nil }
            path = chained
        }
        return Self.substitute(pattern: self.lfn, template: pfn, in: path)
    }

    private static func substitute(pattern: String, template: String, in lfn: String) -> String? {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return nil }
        let range = NSRange(lfn.startIndex..., in: lfn)
        guard let match = expression.firstMatch(in: lfn, options: [.anchored], range: range) else { return nil }
        var result = template
        for group in stride(from: match.numberOfRanges - 1, through: 1, by: -1) {
            let text = Range(match.range(at: group), in: lfn).map { String(lfn[$0]) } ?? ""
            result = result.replacingOccurrences(of: "$\(group)", with: text)
        }
        return result
    }
}

/// How a site serves files.
public enum SiteStorage: Sendable, Equatable {
    /// `prefix + LFN`, such as `root://eoscms.cern.ch//eos/cms`.
    case prefix(String)
    /// The first matching rule gives the PFN.
    case rules([StorageRule])

    /// The XRootD URL of `lfn` (a `/store/...` path) at this site, or `nil` when no rule matches.
    public func url(for lfn: String) -> String? {
        switch self {
        case .prefix(let prefix):
            return Self.join(prefix, lfn)
        case .rules(let rules):
            return rules.lazy.compactMap { $0.apply(to: lfn) }.first
        }
    }

    /// `prefix` then `lfn`: a prefix that is only a host keeps XRootD's `//` before an absolute path
    /// (`root://host:1094//store/...`); a prefix with a path is joined with one `/`.
    static func join(_ prefix: String, _ lfn: String) -> String {
        var base = Substring(prefix)
        while base.hasSuffix("/") { base = base.dropLast() }
        let path = lfn.hasPrefix("/") ? lfn : "/" + lfn
        if let scheme = base.range(of: "://"), !base[scheme.upperBound...].contains("/") {
            return base + "/" + path
        }
        return base + path
    }
}
