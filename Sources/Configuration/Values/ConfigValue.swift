// Configuration layer: the one value tree that YAML run options, dataset JSON and the analysis
// configurator all decode into. Objects keep their key order, so what a user wrote in order
// (datasets, files, categories) stays in that order all the way into the jobs folder.

/// A JSON/YAML value whose objects remember the order of their keys.
public enum ConfigValue: Sendable, Equatable {
    /// `null` in JSON, `~` or an empty value in YAML.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// A whole number that fits 64 bits.
    case int(Int)
    /// Any other number.
    case double(Double)
    /// A string, as written.
    case string(String)
    /// A list.
    case array([ConfigValue])
    /// A mapping, in the order its keys were written.
    case object(OrderedObject)

    /// The value at `key` when this is an object.
    public subscript(key: String) -> ConfigValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The object's entries, or `nil` for any other kind of value.
    public var objectValue: OrderedObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The list's items, or `nil` for any other kind of value.
    public var arrayValue: [ConfigValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The string, or `nil` for any other kind of value.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// A short name of the value's kind, for error messages ("a list", "a string").
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .double: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "a mapping"
        }
    }
}

/// The entries of a mapping in the order they were written, with lookup by key.
public struct OrderedObject: Sendable, Equatable {
    /// The entries in order; keys are unique.
    public private(set) var entries: [(key: String, value: ConfigValue)]
    private var index: [String: Int]

    /// An empty mapping.
    public init() {
        entries = []
        index = [:]
    }

    /// A mapping from entries; a repeated key keeps its first position and its last value.
    public init(_ pairs: [(String, ConfigValue)]) {
        self.init()
        for (key, value) in pairs { self[key] = value }
    }

    /// The keys in order.
    public var keys: [String] { entries.map(\.key) }

    /// The number of entries.
    public var count: Int { entries.count }

    /// Reads, replaces (in place) or appends the value of `key`; assigning `nil` removes it.
    public subscript(key: String) -> ConfigValue? {
        get { index[key].map { entries[$0].value } }
        set {
            if let position = index[key] {
                if let newValue {
                    entries[position].value = newValue
                } else {
                    entries.remove(at: position)
                    index = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.key, $0) })
                }
            } else if let newValue {
                index[key] = entries.count
                entries.append((key, newValue))
            }
        }
    }

    public static func == (lhs: OrderedObject, rhs: OrderedObject) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
