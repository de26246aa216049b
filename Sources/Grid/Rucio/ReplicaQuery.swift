// Grid layer: the options of `POST /replicas/list` (docs/specs/rucio_server.md): which schemes, how
// the server sorts the replicas, and where the client is.

import Configuration

/// How the server orders a file's replicas.
public enum ReplicaSort: String, Sendable {
    /// A new random order on every call: what "find another replica" wants, so that a recreate pass
    /// spreads files over sites instead of sending all of them to the nearest one again.
    case random
    /// By distance from the client (needs the server's GeoIP database).
    case geoip
    /// The server's custom table.
    case customTable = "custom_table"
}

/// Where the client runs; replicas at this site come first, as `lan`.
public struct ClientLocation: Sendable, Equatable {
    /// A CMS site name, matched against the RSEs' `site` attribute.
    public var site: String?
    /// Latitude in degrees, for GeoIP sorting.
    public var latitude: Double?
    /// Longitude in degrees, for GeoIP sorting.
    public var longitude: Double?

    public init(site: String? = nil, latitude: Double? = nil, longitude: Double? = nil) {
        self.site = site
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// The options of one replica look-up.
public struct ReplicaQuery: Sendable, Equatable {
    /// Only PFNs of these schemes (`root`, `davs`); `nil` gives each RSE's preferred protocol.
    public var schemes: [String]?
    /// The order of the replicas; `nil` leaves it to the server (GeoIP).
    public var sort: ReplicaSort?
    /// Where the client runs.
    public var clientLocation: ClientLocation?
    /// `wan`, `lan` or `all`.
    public var domain: String?
    /// Only replicas at RSEs matching this expression.
    public var rseExpression: String?
    /// Also list each file's parent blocks and containers.
    public var resolveParents = false

    public init(
        schemes: [String]? = nil, sort: ReplicaSort? = nil, clientLocation: ClientLocation? = nil,
        domain: String? = nil, rseExpression: String? = nil
    ) {
        self.schemes = schemes
        self.sort = sort
        self.clientLocation = clientLocation
        self.domain = domain
        self.rseExpression = rseExpression
    }

    /// The JSON body for `dids`.
    func body(_ dids: [DID]) -> [UInt8] {
        var object = OrderedObject()
        object["dids"] = .array(
            dids.map { .object(OrderedObject([("scope", .string($0.scope)), ("name", .string($0.name))])) })
        if let schemes { object["schemes"] = .array(schemes.map(ConfigValue.string)) }
        if let sort { object["sort"] = .string(sort.rawValue) }
        if let location = clientLocation {
            var entries = OrderedObject()
            if let site = location.site { entries["site"] = .string(site) }
            if let latitude = location.latitude { entries["latitude"] = .double(latitude) }
            if let longitude = location.longitude { entries["longitude"] = .double(longitude) }
            object["client_location"] = .object(entries)
        }
        if let domain { object["domain"] = .string(domain) }
        if let rseExpression { object["rse_expression"] = .string(rseExpression) }
        if resolveParents { object["resolve_parents"] = .bool(true) }
        return Array(JSONWriter.string(.object(object), pretty: false).utf8)
    }
}
