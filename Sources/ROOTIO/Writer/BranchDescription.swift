// ROOTIO writer: what a new branch holds — name, leaf type, and shape (scalar, fixed-size array, or
// jagged with a counter branch, as NanoAOD's `nMuon` + `Muon_pt[nMuon]/F`).

/// The declaration of one branch of a ``TreeWriter``.
public struct BranchDescription: Sendable, Hashable {
    /// The branch (and leaf) name.
    public var name: String
    /// The type of its values.
    public var type: LeafType
    /// For a jagged branch, the integer branch that holds each entry's count (declared earlier).
    public var counter: String?
    /// Values per entry of a fixed-size array (`x[3]`); 1 for scalars and jagged branches.
    public var length: Int
    /// The branch title: ROOT's leaf list (`Muon_pt[nMuon]/F`) unless set; NanoAOD replaces it with a
    /// description (`pt`).
    public var title: String {
        get { customTitle ?? leafList }
        set { customTitle = newValue }
    }
    private var customTitle: String?

    /// A branch called `name` of `type`; jagged when `counter` names its counter branch. `title`
    /// defaults to ROOT's leaf list.
    public init(name: String, type: LeafType, counter: String? = nil, length: Int = 1, title: String? = nil) {
        self.name = name
        self.type = type
        self.counter = counter
        self.length = length
        customTitle = title
    }

    /// The declaration that writes the same values as the reader's `branch`, under the same title.
    ///
    /// - Throws: ``ROOTWriteError`` `.unsupportedType` for branches the writer cannot write (strings,
    ///   objects, packed floats).
    public init(copying branch: Branch) throws(ROOTWriteError) {
        guard branch.elementClass == nil else {
            throw ROOTWriteError(
                .unsupportedType,
                "branch '\(branch.name)' holds \(branch.elementClass ?? "objects"); only numeric leaves are written")
        }
        self.init(
            name: branch.name, type: branch.type, counter: branch.counter, length: branch.length, title: branch.title)
        _ = try leafClass
    }

    /// The leaf's title: `Muon_pt[nMuon]`, `x[3]`, `pt`.
    public var leafTitle: String {
        if let counter { return "\(name)[\(counter)]" }
        return length > 1 ? "\(name)[\(length)]" : name
    }

    /// ROOT's leaf list: `Muon_pt[nMuon]/F`.
    public var leafList: String { "\(leafTitle)/\(typeCode)" }

    /// ROOT's leaf-list letter for the type.
    var typeCode: String {
        switch type {
        case .bool: "O"
        case .int8: "B"
        case .uint8: "b"
        case .int16: "S"
        case .uint16: "s"
        case .int32: "I"
        case .uint32: "i"
        case .int64: "L"
        case .uint64: "l"
        case .float32: "F"
        case .float64: "D"
        case .string: "C"
        case .float16: "f"
        case .double32: "d"
        case .object: "?"
        }
    }

    /// The TLeaf class that holds the type.
    var leafClass: String {
        get throws(ROOTWriteError) {
            switch type {
            case .bool: return "TLeafO"
            case .int8, .uint8: return "TLeafB"
            case .int16, .uint16: return "TLeafS"
            case .int32, .uint32: return "TLeafI"
            case .int64, .uint64: return "TLeafL"
            case .float32: return "TLeafF"
            case .float64: return "TLeafD"
            case .string, .float16, .double32, .object:
                throw ROOTWriteError(
                    .unsupportedType,
                    "branch '\(name)' is \(type.rootName); the writer writes Bool, (U)Char, (U)Short, (U)Int, "
                        + "(U)Long64, Float and Double leaves")
            }
        }
    }

    var isUnsigned: Bool { [.uint8, .uint16, .uint32, .uint64].contains(type) }

    /// Bytes per entry of a flat branch.
    var entrySize: Int { type.size * length }
}
