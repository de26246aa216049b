// ROOTIO writer: the classes of a TTree file as ROOT 6.24 describes them (the versions the writer
// streams: TTree 20, TBranch 13, TLeaf 2, TLeaf* 1). Names, titles, type codes and checksums are
// those of ROOT's own StreamerInfo records.

extension StreamerInfo {
    /// Every class a file of flat and jagged TTrees needs, leaves for `leafClasses` only.
    static func treeClasses(leafClasses: Set<String>) -> [StreamerInfo] {
        let leaves = leafInfos.filter { leafClasses.contains($0.className) }
        return [
            tNamed, tObject, tList, tSeqCollection, tCollection, tString, tTree, tAttLine, tAttFill, tAttMarker,
            tBranch, tIOFeatures, tLeaf,
        ] + leaves + [tBranchRef, tRefTable, tObjArray]
    }

    static let checksums: [String: UInt32] = [
        "TObject": 0x901B_C02D, "TNamed": 0xDFB7_4A3C, "TAttLine": 0x9407_4549, "TAttFill": 0xFFD9_2A92,
        "TAttMarker": 0x291D_8BEC, "TCollection": 0x57E3_CB9C, "TSeqCollection": 0xFC6C_3BC6, "TBranch": 0x1097_8AAC,
        "TLeaf": 0x6D1E_8152,
    ]

    static func base(_ name: String, _ title: String, version: Int32, type: Int32 = 0) -> StreamerElement {
        .base(name, title, checksum: checksums[name] ?? 0, version: version, type: type)
    }

    private static let tObject = StreamerInfo(
        className: "TObject", version: 1, checksum: 0x901B_C02D,
        elements: [
            .basic("fUniqueID", "unsigned int", "object unique identifier"),
            .basic("fBits", "unsigned int", "bit field status word", type: 15),
        ])

    private static let tNamed = StreamerInfo(
        className: "TNamed", version: 1, checksum: 0xDFB7_4A3C,
        elements: [
            base("TObject", "Basic ROOT object", version: 1, type: 66),
            .string("fName", "object identifier"), .string("fTitle", "object title"),
        ])

    private static let tString = StreamerInfo(className: "TString", version: 2, checksum: 0x0001_7419, elements: [])

    private static let tAttLine = StreamerInfo(
        className: "TAttLine", version: 2, checksum: 0x9407_4549,
        elements: [
            .basic("fLineColor", "short", "Line color"), .basic("fLineStyle", "short", "Line style"),
            .basic("fLineWidth", "short", "Line width"),
        ])

    private static let tAttFill = StreamerInfo(
        className: "TAttFill", version: 2, checksum: 0xFFD9_2A92,
        elements: [.basic("fFillColor", "short", "Fill area color"), .basic("fFillStyle", "short", "Fill area style")])

    private static let tAttMarker = StreamerInfo(
        className: "TAttMarker", version: 2, checksum: 0x291D_8BEC,
        elements: [
            .basic("fMarkerColor", "short", "Marker color"), .basic("fMarkerStyle", "short", "Marker style"),
            .basic("fMarkerSize", "float", "Marker size"),
        ])

    private static let tCollection = StreamerInfo(
        className: "TCollection", version: 3, checksum: 0x57E3_CB9C,
        elements: [
            base("TObject", "Basic ROOT object", version: 1, type: 66),
            .string("fName", "name of the collection"), .basic("fSize", "int", "number of elements in collection"),
        ])

    private static let tSeqCollection = StreamerInfo(
        className: "TSeqCollection", version: 0, checksum: 0xFC6C_3BC6,
        elements: [base("TCollection", "Collection abstract base class", version: 3)])

    private static let tList = StreamerInfo(
        className: "TList", version: 5, checksum: 0x69C5_C3BB,
        elements: [base("TSeqCollection", "Sequenceable collection ABC", version: 0)])

    private static let tObjArray = StreamerInfo(
        className: "TObjArray", version: 3, checksum: 0xA99E_6552,
        elements: [
            base("TSeqCollection", "Sequenceable collection ABC", version: 0),
            .basic("fLowerBound", "int", "Lower bound of the array"),
            .basic("fLast", "int", "Last element in array containing an object"),
        ])

    private static let tIOFeatures = StreamerInfo(
        className: "ROOT::TIOFeatures", version: 1, checksum: 0x1AA1_2F10,
        elements: [.basic("fIOBits", "unsigned char", "")])

    private static let tRefTable = StreamerInfo(
        className: "TRefTable", version: 3, checksum: 0x8C89_5B85,
        elements: [
            base("TObject", "Basic ROOT object", version: 1, type: 66),
            .basic("fSize", "int", "dummy for backward compatibility"),
            .pointer(
                "fParents", "TObjArray*", "array of Parent objects  (eg TTree branch) holding the referenced objects"),
            .pointer("fOwner", "TObject*", "Object owning this TRefTable"),
            StreamerElement(
                name: "fProcessGUIDs", title: "UUIDs of TProcessIDs used in fParentIDs", type: 500, size: 24,
                typeName: "vector<string>", kind: .stl(stlType: 1, contentType: 61)),
        ])

    private static let tBranchRef = StreamerInfo(
        className: "TBranchRef", version: 1, checksum: 0x2360_B3FD,
        elements: [
            base("TBranch", "Branch descriptor", version: 13),
            .pointer("fRefTable", "TRefTable*", "pointer to the TRefTable"),
        ])
}
