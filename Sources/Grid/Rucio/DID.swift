// Grid layer: Rucio data identifiers. In CMS a container is a dataset (/A/B/NANOAODSIM), a Rucio
// dataset is a block (/A/B/NANOAODSIM#uuid), and a file's name is its LFN (/store/...).

/// A Rucio data identifier: `scope:name`.
public struct DID: Sendable, Hashable, CustomStringConvertible {
    /// The scope, `cms` for CMS data.
    public var scope: String
    /// The name: an LFN, a block or a container.
    public var name: String

    public init(scope: String = "cms", name: String) {
        self.scope = scope
        self.name = name
    }

    public var description: String { "\(scope):\(name)" }

    /// `scope/name` for a URL path, with every reserved character of the name percent-encoded (`/` is
    /// `%2F`, `#` is `%23`), as the Python client sends it.
    var pathComponent: String {
        scope + "/" + Self.percentEncoded(name)
    }

    static func percentEncoded(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return output
    }
}

/// A file of a block or container, as `GET /dids/{scope}/{name}/files` lists it.
public struct DIDFile: Sendable, Equatable {
    /// The file.
    public var did: DID
    /// Its size in bytes.
    public var bytes: Int?
    /// Its adler32 checksum.
    public var adler32: String?
    /// Its number of events, when the catalogue knows it.
    public var events: Int?
}
