// ROOTIO layer: ROOT's object serialisation (TBufferFile) as far as a TTree needs it — byte counts
// and versions, TObject/TNamed, TObjArray, and ReadObjectAny with its reference map, so that a
// jagged leaf's fLeafCount can point back to its counter leaf. Unknown classes are skipped by their
// byte count. Layouts: docs/specs/root_format.md §5.

/// A deserialised object of a TTree payload.
enum StreamedObject {
    case branch(BranchRecord)
    case leaf(LeafRecord)
    case basket(EmbeddedBasket)
    /// A class this reader skips (TIOFeatures, TList of aliases, …).
    case skipped(String)
}

/// A cursor over one object payload plus the reference map ReadObjectAny keeps.
struct ObjectStream {
    static let byteCountMask: UInt32 = 0x4000_0000
    static let classMask: UInt32 = 0x8000_0000
    static let newClassTag: UInt32 = 0xFFFF_FFFF
    static let mapOffset = 2
    /// Objects nest (branch → sub-branch → leaf); this bounds recursion on hostile input.
    static let maximumDepth = 64

    var cursor: ByteCursor
    private var classes: [Int: String] = [:]
    private var objects: [Int: StreamedObject] = [:]
    private var depth = 0

    init(_ cursor: ByteCursor) {
        self.cursor = cursor
    }

    // MARK: - Framing

    /// Reads a byte count (when present) and a version; returns the version and the end position.
    mutating func header(_ what: String) throws(ROOTFormatError) -> (version: Int, end: Int?) {
        let start = cursor.position
        let first = try cursor.u32()
        guard first & Self.byteCountMask != 0 else {
            try cursor.seek(start)
            return (Int(try cursor.i16()), nil)
        }
        let end = cursor.position + Int(first & ~Self.byteCountMask)
        guard end <= cursor.bytes.count else { throw cursor.fail("\(what) runs past its record") }
        return (Int(try cursor.i16()), end)
    }

    /// Skips an object that carries a byte count.
    mutating func skipObject(_ what: String) throws(ROOTFormatError) {
        guard let end = try header(what).end else { throw cursor.fail("\(what) without a byte count") }
        try cursor.seek(end)
    }

    /// Moves to `end` when the object had a byte count (tolerates members this reader ignores).
    mutating func finish(_ end: Int?) throws(ROOTFormatError) {
        if let end { try cursor.seek(end) }
    }

    mutating func tObject() throws(ROOTFormatError) {
        let version = try cursor.i16()
        if version & 0x4000 != 0 { try cursor.skip(4) }
        _ = try cursor.u32()
        let bits = try cursor.u32()
        if bits & (1 << 4) != 0 { try cursor.skip(2) }
    }

    /// A TNamed: its name and title.
    mutating func tNamed() throws(ROOTFormatError) -> (name: String, title: String) {
        let (_, end) = try header("TNamed")
        try tObject()
        let name = try cursor.string()
        let title = try cursor.string()
        try finish(end)
        return (name, title)
    }

    /// A TObjArray's items.
    mutating func objArray(_ what: String) throws(ROOTFormatError) -> [StreamedObject?] {
        let (_, end) = try header(what)
        try tObject()
        _ = try cursor.string()
        let count = try cursor.count32("\(what) size")
        _ = try cursor.i32()
        guard count <= cursor.remaining / 4 else { throw cursor.fail("\(what) claims \(count) items") }
        var items: [StreamedObject?] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try objectAny()) }
        try finish(end)
        return items
    }

    /// A `u8 flag, count × T` array of a TBranch (flag 0: no data).
    mutating func flaggedArray<T: FixedWidthInteger>(_ count: Int, of _: T.Type) throws(ROOTFormatError) -> [T] {
        guard try cursor.u8() != 0 else { return [] }
        return try cursor.integers(count, T.self)
    }

    // MARK: - ReadObjectAny

    /// Reads a pointer member: null, a reference to an object read earlier, or a new object.
    mutating func objectAny() throws(ROOTFormatError) -> StreamedObject? {
        let begin = cursor.displacement
        let beginPosition = cursor.position
        let count = try cursor.u32()
        var tag = count
        var end: Int?
        if count & Self.byteCountMask != 0 && count != Self.newClassTag {
            end = beginPosition + 4 + Int(count & ~Self.byteCountMask)
            guard end! <= cursor.bytes.count else { throw cursor.fail("object runs past its record") }
            tag = try cursor.u32()
        }
        if tag & Self.classMask == 0 {
            if let end { try cursor.seek(end) }
            return tag <= 1 ? nil : objects[Int(tag)]
        }
        let className: String
        if tag == Self.newClassTag {
            className = try cursor.cString()
            classes[end != nil ? begin + 4 + Self.mapOffset : classes.count + objects.count + 1] = className
        } else {
            guard let known = classes[Int(tag & ~Self.classMask)] else {
                throw cursor.fail("reference to an unknown class \(tag & ~Self.classMask)")
            }
            className = known
        }
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw cursor.fail("objects nested too deep") }
        let object = try readObject(className, end: end)
        if let end { try cursor.seek(end) }
        objects[end != nil ? begin + Self.mapOffset : classes.count + objects.count + 1] = object
        return object
    }

    private mutating func readObject(_ className: String, end: Int?) throws(ROOTFormatError) -> StreamedObject {
        switch className {
        case "TBranch": return .branch(try BranchRecord.read(&self, element: false))
        case "TBranchElement": return .branch(try BranchRecord.read(&self, element: true))
        case "TBasket": return .basket(try EmbeddedBasket.read(&self))
        default:
            if let type = LeafType.leafClasses[className] {
                return .leaf(try LeafRecord.read(&self, className: className, type: type))
            }
            guard end != nil else {
                throw ROOTFormatError(.unsupported, "an object of class \(className) without a byte count")
            }
            return .skipped(className)
        }
    }
}
