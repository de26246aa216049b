// ROOTIO layer: the element types of TTree leaves, from the TLeaf class and its fIsUnsigned flag
// (docs/specs/root_format.md §8).

/// The type of one value of a branch.
public enum LeafType: String, Sendable, CaseIterable {
    case bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64, float32, float64
    /// TLeafC: a short string per entry.
    case string
    /// TLeafF16 / TLeafD32: packed floating point (not read by this reader).
    case float16, double32
    /// TLeafElement: a streamed C++ object (not read by this reader).
    case object

    /// Bytes per value on disk, for the fixed-size types.
    public var size: Int {
        switch self {
        case .bool, .int8, .uint8: 1
        case .int16, .uint16: 2
        case .int32, .uint32, .float32, .float16: 4
        case .int64, .uint64, .float64, .double32: 8
        case .string, .object: 0
        }
    }

    /// Whether this reader decodes values of this type.
    public var isReadable: Bool { size > 0 && self != .float16 && self != .double32 || self == .string }

    /// The C++ name users know from ROOT (`Float_t`, `Int_t`, …).
    public var rootName: String {
        switch self {
        case .bool: "Bool_t"
        case .int8: "Char_t"
        case .uint8: "UChar_t"
        case .int16: "Short_t"
        case .uint16: "UShort_t"
        case .int32: "Int_t"
        case .uint32: "UInt_t"
        case .int64: "Long64_t"
        case .uint64: "ULong64_t"
        case .float32: "Float_t"
        case .float64: "Double_t"
        case .string: "Char_t*"
        case .float16: "Float16_t"
        case .double32: "Double32_t"
        case .object: "object"
        }
    }

    /// TLeaf classes → (signed type, unsigned type).
    static let leafClasses: [String: (LeafType, LeafType)] = [
        "TLeafO": (.bool, .bool), "TLeafB": (.int8, .uint8), "TLeafS": (.int16, .uint16),
        "TLeafI": (.int32, .uint32), "TLeafL": (.int64, .uint64), "TLeafG": (.int64, .uint64),
        "TLeafF": (.float32, .float32), "TLeafD": (.float64, .float64), "TLeafC": (.string, .string),
        "TLeafF16": (.float16, .float16), "TLeafD32": (.double32, .double32), "TLeafElement": (.object, .object),
    ]
}

/// A TLeaf as streamed in a TTree: the type and shape of a branch's values.
struct LeafRecord {
    var name: String
    var title: String
    var className: String
    var type: LeafType
    /// Values per entry for fixed-size arrays (`x[3]` has 3); 1 for scalars and jagged leaves.
    var length: Int
    /// The counter leaf of a jagged leaf (`nMuon` for `Muon_pt[nMuon]`).
    var countLeafName: String?

    static func read(_ stream: inout ObjectStream, className: String, type: (LeafType, LeafType))
        throws(ROOTFormatError) -> LeafRecord
    {
        let (_, end) = try stream.header(className)
        let (_, baseEnd) = try stream.header("TLeaf")
        let (name, title) = try stream.tNamed()
        let length = try stream.cursor.i32()
        _ = try stream.cursor.i32()
        _ = try stream.cursor.i32()
        _ = try stream.cursor.u8()
        let unsigned = try stream.cursor.u8() != 0
        var countLeafName: String?
        if case .leaf(let counter) = try stream.objectAny() { countLeafName = counter.name }
        try stream.finish(baseEnd)
        try stream.finish(end)
        return LeafRecord(
            name: name, title: title, className: className, type: unsigned ? type.1 : type.0,
            length: max(1, Int(length)),
            countLeafName: countLeafName)
    }
}
