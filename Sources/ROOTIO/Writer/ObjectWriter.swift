// ROOTIO writer: ROOT's object serialisation (TBufferFile) as a TTree and a streamer list need it —
// byte counts and versions, TObject/TNamed, TObjArray, and WriteObjectAny with its class and object
// maps, so that a jagged leaf's fLeafCount can point back to its counter leaf. The mirror of
// ObjectStream (docs/specs/root_format.md §5).

/// An object payload being written, with the displacement of its first byte (the key length: ROOT
/// counts references from the start of the key).
struct ObjectWriter {
    static let byteCountMask: UInt32 = 0x4000_0000
    static let classMask: UInt32 = 0x8000_0000
    static let newClassTag: UInt32 = 0xFFFF_FFFF
    static let mapOffset = 2
    /// TObject::fBits of objects ROOT writes (kNotDeleted | kIsOnHeap).
    static let objectBits: UInt32 = 0x0300_0000

    var buffer = ByteWriter()
    /// The displacement of byte 0 of `buffer`.
    let origin: Int
    private var classTags: [String: UInt32] = [:]

    init(origin: Int) {
        self.origin = origin
    }

    /// The displacement of the next byte, as ROOT's references count it.
    var displacement: Int { origin + buffer.count }

    // MARK: - Framing

    /// Reserves a byte count and writes `version`; pass the result to ``end(_:)``.
    mutating func begin(version: Int16) -> Int {
        let position = buffer.count
        buffer.u32(0)
        buffer.i16(version)
        return position
    }

    /// Fills in the byte count reserved at `position`.
    mutating func end(_ position: Int) {
        buffer.patch(UInt32(buffer.count - position - 4) | Self.byteCountMask, at: position)
    }

    /// Writes `body` framed by a byte count and `version`.
    mutating func object(version: Int16, _ body: (inout ObjectWriter) -> Void) {
        let start = begin(version: version)
        body(&self)
        end(start)
    }

    mutating func tObject(bits: UInt32 = objectBits) {
        buffer.i16(1)
        buffer.u32(0)
        buffer.u32(bits)
    }

    mutating func tNamed(_ name: String, _ title: String, bits: UInt32 = objectBits) {
        object(version: 1) { writer in
            writer.tObject(bits: bits)
            writer.buffer.string(name)
            writer.buffer.string(title)
        }
    }

    /// A TObjArray whose items `body` writes with ``newObject(_:version:_:)``, ``reference(_:)`` or
    /// ``null()``.
    mutating func objArray(count: Int, _ body: (inout ObjectWriter) -> Void) {
        object(version: 3) { writer in
            writer.tObject(bits: 0)
            writer.buffer.string("")
            writer.buffer.i32(count)
            writer.buffer.i32(0)
            body(&writer)
        }
    }

    // MARK: - WriteObjectAny

    /// A pointer to a new object of `className`; returns the reference tag later pointers use.
    @discardableResult
    mutating func newObject(_ className: String, _ body: (inout ObjectWriter) -> Void) -> UInt32 {
        let start = buffer.count
        let tag = UInt32(displacement + Self.mapOffset)
        buffer.u32(0)
        if let known = classTags[className] {
            buffer.u32(known | Self.classMask)
        } else {
            classTags[className] = UInt32(displacement + Self.mapOffset)
            buffer.u32(Self.newClassTag)
            buffer.cString(className)
        }
        body(&self)
        buffer.patch(UInt32(buffer.count - start - 4) | Self.byteCountMask, at: start)
        return tag
    }

    /// A pointer to an object written earlier in this payload.
    mutating func reference(_ tag: UInt32) { buffer.u32(tag) }

    /// A null pointer.
    mutating func null() { buffer.u32(0) }

    /// A `u8 flag, values` array member (`[fMaxBaskets]`-style pointers): flag 1 when there are values.
    mutating func flaggedArray<T: FixedWidthInteger>(_ values: [T]) {
        buffer.u8(values.isEmpty ? 0 : 1)
        for value in values { buffer.integer(value) }
    }
}
