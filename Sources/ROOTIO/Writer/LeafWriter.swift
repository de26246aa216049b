// ROOTIO writer: a TLeaf* (v1) with its TLeaf (v2) base, as streamed in a TBranch's fLeaves
// (docs/specs/root_format.md §8). A counter leaf says it is a range (fIsRange) and carries the
// largest count in fMaximum: ROOT sizes the jagged leaves' read buffers from it.

extension ObjectWriter {
    /// Writes the leaf of `buffer`'s branch; returns its reference tag for the tree's fLeaves and for
    /// jagged leaves.
    mutating func leaf(_ buffer: BranchBuffer, counterTag: UInt32?) -> UInt32 {
        let branch = buffer.description
        let maximum = buffer.maximum
        return newObject(buffer.leafClass) { writer in
            writer.object(version: 1) { writer in
                writer.object(version: 2) { writer in
                    writer.tNamed(branch.name, branch.leafTitle)
                    writer.buffer.i32(branch.length)
                    writer.buffer.i32(branch.type.size)
                    writer.buffer.i32(0)
                    writer.buffer.bool(maximum != nil)
                    writer.buffer.bool(branch.isUnsigned)
                    if let counterTag { writer.reference(counterTag) } else { writer.null() }
                }
                for value in [0, maximum ?? 0] { writer.buffer.leafValue(value, size: branch.type.size) }
            }
        }
    }
}

extension ByteWriter {
    /// `value` in `size` bytes (fMinimum / fMaximum of a TLeaf*).
    fileprivate mutating func leafValue(_ value: Int64, size: Int) {
        switch size {
        case 1: u8(UInt8(truncatingIfNeeded: value))
        case 2: i16(Int16(truncatingIfNeeded: value))
        case 4: i32(Int32(truncatingIfNeeded: value))
        default: i64(value)
        }
    }
}
