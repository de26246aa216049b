// ROOTIO writer: the members of a TStreamerInfo — one TStreamerElement subclass per kind of member —
// and their serialisation (TStreamerElement v4: TNamed, fType, fSize, fArrayLength, fArrayDim,
// fMaxIndex[5], fTypeName, then the subclass's own fields).

/// One member (or base class) of a class, as a TStreamerInfo describes it.
struct StreamerElement {
    /// The TStreamerElement subclass and its extra fields.
    enum Kind {
        /// TStreamerBase v3: a base class, its checksum (stored in fMaxIndex[1]) and version.
        case base(checksum: UInt32, version: Int32)
        /// TStreamerBasicType v2: a number.
        case basic
        /// TStreamerBasicPointer v2: a `[count]` array of numbers.
        case basicPointer(countVersion: Int32, countName: String, countClass: String)
        /// TStreamerString v2: a TString.
        case string
        /// TStreamerObject v2: a TObject-derived member held by value.
        case object
        /// TStreamerObjectAny v2: a non-TObject member held by value.
        case objectAny
        /// TStreamerObjectPointer v2: a pointer to a TObject.
        case objectPointer
        /// TStreamerSTL v3: an STL container.
        case stl(stlType: Int32, contentType: Int32)
    }

    var name: String
    var title: String
    /// ROOT's type code (kInt = 3, kObject = 61, kOffsetP + kInt = 43, …).
    var type: Int32
    var size: Int32
    var typeName: String
    var kind: Kind

    var className: String {
        switch kind {
        case .base: "TStreamerBase"
        case .basic: "TStreamerBasicType"
        case .basicPointer: "TStreamerBasicPointer"
        case .string: "TStreamerString"
        case .object: "TStreamerObject"
        case .objectAny: "TStreamerObjectAny"
        case .objectPointer: "TStreamerObjectPointer"
        case .stl: "TStreamerSTL"
        }
    }

    private var version: Int16 {
        switch kind {
        case .base, .stl: 3
        default: 2
        }
    }

    func write(_ writer: inout ObjectWriter) {
        writer.object(version: version) { writer in
            writer.object(version: 4) { writer in
                writer.tNamed(name, title)
                writer.buffer.i32(type)
                writer.buffer.i32(size)
                writer.buffer.i32(0)
                writer.buffer.i32(0)
                let checksum: UInt32 = if case .base(let checksum, _) = kind { checksum } else { 0 }
                for value in [0, checksum, 0, 0, 0] { writer.buffer.u32(value) }
                writer.buffer.string(typeName)
            }
            switch kind {
            case .base(_, let version):
                writer.buffer.i32(version)
            case .basicPointer(let countVersion, let countName, let countClass):
                writer.buffer.i32(countVersion)
                writer.buffer.string(countName)
                writer.buffer.string(countClass)
            case .stl(let stlType, let contentType):
                writer.buffer.i32(stlType)
                writer.buffer.i32(contentType)
            case .basic, .string, .object, .objectAny, .objectPointer:
                break
            }
        }
    }
}

extension StreamerElement {
    static func base(_ name: String, _ title: String, checksum: UInt32, version: Int32, type: Int32 = 0)
        -> StreamerElement
    {
        StreamerElement(
            name: name, title: title, type: type, size: 0, typeName: "BASE",
            kind: .base(checksum: checksum, version: version))
    }

    static func basic(_ name: String, _ typeName: String, _ title: String, type code: Int32? = nil)
        -> StreamerElement
    {
        let (type, size) = basicTypes[typeName] ?? (0, 0)
        return StreamerElement(
            name: name, title: title, type: code ?? type, size: size, typeName: typeName, kind: .basic)
    }

    /// A basic member that is the count of `[name]` arrays (kCounter, 6).
    static func counter(_ name: String, _ title: String) -> StreamerElement {
        StreamerElement(name: name, title: title, type: 6, size: 4, typeName: "int", kind: .basic)
    }

    static func array(
        _ name: String, _ typeName: String, _ title: String, count: String, in owner: String, version: Int32
    )
        -> StreamerElement
    {
        let (type, size) = basicTypes[typeName] ?? (0, 0)
        return StreamerElement(
            name: name, title: title, type: 40 + type, size: size, typeName: typeName + "*",
            kind: .basicPointer(countVersion: version, countName: count, countClass: owner))
    }

    static func string(_ name: String, _ title: String) -> StreamerElement {
        StreamerElement(name: name, title: title, type: 65, size: 24, typeName: "TString", kind: .string)
    }

    static func object(_ name: String, _ typeName: String, _ title: String) -> StreamerElement {
        StreamerElement(name: name, title: title, type: 61, size: 64, typeName: typeName, kind: .object)
    }

    static func objectAny(_ name: String, _ typeName: String, size: Int32, _ title: String) -> StreamerElement {
        StreamerElement(name: name, title: title, type: 62, size: size, typeName: typeName, kind: .objectAny)
    }

    static func pointer(_ name: String, _ typeName: String, _ title: String) -> StreamerElement {
        StreamerElement(name: name, title: title, type: 64, size: 8, typeName: typeName, kind: .objectPointer)
    }

    /// C++ type name → (ROOT type code, size).
    private static let basicTypes: [String: (Int32, Int32)] = [
        "char": (1, 1), "short": (2, 2), "int": (3, 4), "float": (5, 4), "double": (8, 8),
        "unsigned char": (11, 1), "unsigned int": (13, 4), "long long": (16, 8), "bool": (18, 1),
    ]
}
