// Grid layer: one line of `POST /replicas/list` — a file and its replicas. `pfns` is the server's
// sorted view (its `priority` gives the order, whatever order a JSON reader keeps); `states` also names
// replicas that have no PFN for the requested schemes.

import Configuration

/// One replica of a file: a PFN at an RSE.
public struct Replica: Sendable, Equatable {
    /// The physical file name, a URL such as `root://host:1094/prefix/store/...`.
    public var pfn: String
    /// The RSE holding it, such as `T1_US_FNAL_Disk`.
    public var rse: String
    /// Whether the RSE is tape (not readable by jobs).
    public var isTape: Bool
    /// `wan` or `lan` (the client's own site).
    public var domain: String
    /// The server's order, 1 first.
    public var priority: Int
}

/// A file and where it can be read.
public struct FileReplicas: Sendable, Equatable {
    /// The file.
    public var did: DID
    /// Its size in bytes.
    public var bytes: Int?
    /// Its adler32 checksum.
    public var adler32: String?
    /// Its replicas that have a PFN for the requested schemes, in the server's order.
    public var replicas: [Replica]
    /// The state of every replica by RSE (`AVAILABLE`, …), including those without a PFN here.
    public var states: [String: String]
    /// Parent blocks and containers (`cms:/A/B/C#x`), when asked for.
    public var parents: [String]

    /// Reads one JSON line.
    ///
    /// - Throws: ``RucioError`` `.malformedReply` naming what is missing.
    init(line: ArraySlice<UInt8>, location: String) throws(RucioError) {
        let value: ConfigValue
        do {
            value = try JSONReader.parse(Array(line))
        } catch {
            throw RucioError(
                .malformedReply, location: location,
                "a replica line is not JSON (\(error.message)): "
                    + String(decoding: line.prefix(120), as: UTF8.self))
        }
        guard let scope = value["scope"]?.stringValue, let name = value["name"]?.stringValue else {
            throw RucioError(
                .malformedReply, location: location,
                "a replica line has no scope or name: "
                    + String(decoding: line.prefix(120), as: UTF8.self))
        }
        did = DID(scope: scope, name: name)
        bytes = value["bytes"]?.coercedInt
        adler32 = value["adler32"]?.stringValue
        var replicas: [Replica] = []
        for (pfn, entry) in value["pfns"]?.objectValue?.entries ?? [] {
            guard let rse = entry["rse"]?.stringValue else {
                throw RucioError(.malformedReply, location: location, "the PFN \(pfn) of \(name) names no RSE")
            }
            replicas.append(
                Replica(
                    pfn: pfn, rse: rse, isTape: entry["type"]?.stringValue == "TAPE",
                    domain: entry["domain"]?.stringValue ?? "wan",
                    priority: entry["priority"]?.coercedInt ?? replicas.count + 1))
        }
        self.replicas = replicas.enumerated().sorted {
            ($0.element.priority, $0.offset) < ($1.element.priority, $1.offset)
        }
        .map(\.element)
        states = Dictionary(
            (value["states"]?.objectValue?.entries ?? []).compactMap { entry in
                entry.value.stringValue.map { (entry.key, $0) }
            }, uniquingKeysWith: { first, _ in first })
        parents = value["parents"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
