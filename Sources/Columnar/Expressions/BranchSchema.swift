// Columnar layer: what a tree offers to expressions — its branches by name, and the NanoAOD object
// collections they form: `nMuon` counts the entries of `Muon_pt`, `Muon_eta`, …, which together are
// the collection `Muon` with fields `pt`, `eta`, ….

import ROOTIO

/// Whether a value is a number or a truth value.
public enum ValueKind: Sendable, Hashable {
    case number, boolean
}

/// The branches of a tree and the collections they form.
public struct BranchSchema: Sendable {
    /// A branch usable in expressions.
    public struct Entry: Sendable, Equatable {
        public var kind: ValueKind
        /// The counter branch of a jagged branch.
        public var counter: String?
        /// The leaf type as stored.
        public var type: LeafType

        public init(kind: ValueKind, counter: String?, type: LeafType) {
            self.kind = kind
            self.counter = counter
            self.type = type
        }
    }

    /// Branches by name.
    public private(set) var branches: [String: Entry] = [:]
    /// Collections by name: their counter and fields.
    public private(set) var collections: [String: CollectionType] = [:]

    /// The schema of `branches` (flat and jagged numeric or boolean branches; others are left out).
    public init(branches list: [Branch]) {
        for branch in list where branch.elementClass == nil && branch.type != .string && branch.length == 1 {
            guard branch.type.isReadable else { continue }
            branches[branch.name] = Entry(
                kind: branch.type == .bool ? .boolean : .number, counter: branch.counter, type: branch.type)
        }
        var fields: [String: [String: ValueKind]] = [:]
        var counters: [String: String] = [:]
        for (name, entry) in branches {
            guard let counter = entry.counter, let separator = name.firstIndex(of: "_") else { continue }
            let collection = String(name[..<separator])
            guard counter == "n" + collection else { continue }
            fields[collection, default: [:]][String(name[name.index(after: separator)...])] = entry.kind
            counters[collection] = counter
        }
        for (name, fieldKinds) in fields {
            collections[name] = CollectionType(
                name: name, fields: fieldKinds, origin: .branches(counter: counters[name]!), branchPrefix: name)
        }
    }

    /// A schema from explicit entries (for tests and generated inputs).
    public init(entries: [String: Entry]) {
        self.init(branches: [])
        branches = entries
        var fields: [String: [String: ValueKind]] = [:]
        for (name, entry) in entries {
            guard let counter = entry.counter, let separator = name.firstIndex(of: "_") else { continue }
            let collection = String(name[..<separator])
            guard counter == "n" + collection else { continue }
            fields[collection, default: [:]][String(name[name.index(after: separator)...])] = entry.kind
        }
        for (name, fieldKinds) in fields {
            collections[name] = CollectionType(
                name: name, fields: fieldKinds, origin: .branches(counter: "n" + name), branchPrefix: name)
        }
    }
}

/// The static description of a collection of objects: its fields and where it comes from.
public struct CollectionType: Sendable, Hashable {
    /// How the objects are made.
    public enum Origin: Sendable, Hashable {
        /// NanoAOD branches `NAME_field` counted by `counter`.
        case branches(counter: String)
        /// A subset of another collection.
        case subset
        /// k-combinations of another collection's objects.
        case combinations(Int)
    }

    public var name: String
    public var fields: [String: ValueKind]
    public var origin: Origin
    /// The NanoAOD collection whose branches hold the fields (`Muon` for `MuonGood`), and its counter.
    public var branchPrefix: String?
    /// For a concatenation (`concat(Electron, Muon)`) and what is made from it: the joined collections,
    /// whose branches hold each field.
    public var parts: [CollectionType]

    public init(
        name: String, fields: [String: ValueKind], origin: Origin, branchPrefix: String? = nil,
        parts: [CollectionType] = []
    ) {
        self.name = name
        self.fields = fields
        self.origin = origin
        self.branchPrefix = branchPrefix
        self.parts = parts
    }

    /// Whether the objects have the four-momentum fields `pt`, `eta`, `phi`, `mass`.
    public var hasFourMomentum: Bool { ["pt", "eta", "phi", "mass"].allSatisfy { fields[$0] == .number } }
}
