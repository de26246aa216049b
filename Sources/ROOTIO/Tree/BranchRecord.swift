// ROOTIO layer: a TBranch (v12/v13) or TBranchElement (v8–v10) as streamed in a TTree — its leaves,
// sub-branches, and where its baskets are: free baskets by seek/size/first entry, the rest embedded
// in the branch record itself (docs/specs/root_format.md §7, §9).

/// A branch record, before it is turned into a public ``Branch``.
struct BranchRecord {
    var name: String
    var title: String
    /// fCompress: algorithm × 100 + level of new baskets.
    var compression: Int
    var writeBasket: Int
    var entries: Int64
    var leaves: [LeafRecord]
    var subBranches: [BranchRecord]
    var basketBytes: [Int32]
    var basketEntry: [Int64]
    var basketSeek: [Int64]
    var embedded: [EmbeddedBasket]
    /// The streamed C++ class of a TBranchElement.
    var elementClass: String?

    static func read(_ stream: inout ObjectStream, element: Bool) throws(ROOTFormatError) -> BranchRecord {
        guard element else { return try readBranch(&stream) }
        let (version, end) = try stream.header("TBranchElement")
        guard (8...10).contains(version) else {
            throw ROOTFormatError(.unsupported, "TBranchElement version \(version) (8 to 10 are read)")
        }
        var branch = try readBranch(&stream)
        branch.elementClass = try stream.cursor.string()
        try stream.finish(end)
        return branch
    }

    private static func readBranch(_ stream: inout ObjectStream) throws(ROOTFormatError) -> BranchRecord {
        let (version, end) = try stream.header("TBranch")
        guard version == 12 || version == 13 else {
            throw ROOTFormatError(.unsupported, "TBranch version \(version) (12 and 13 are read)")
        }
        let (name, title) = try stream.tNamed()
        try stream.skipObject("TAttFill")
        let compression = Int(try stream.cursor.i32())
        try stream.cursor.skip(8)
        let writeBasket = Int(try stream.cursor.i32())
        try stream.cursor.skip(8)
        if version >= 13 { try stream.skipObject("TIOFeatures") }
        _ = try stream.cursor.i32()
        let maxBaskets = try stream.cursor.count32("fMaxBaskets")
        _ = try stream.cursor.i32()
        let entries = try stream.cursor.i64()
        _ = try stream.cursor.i64()
        _ = try stream.cursor.i64()
        _ = try stream.cursor.i64()
        var subBranches: [BranchRecord] = []
        for case .branch(let sub)? in try stream.objArray("fBranches") { subBranches.append(sub) }
        var leaves: [LeafRecord] = []
        for case .leaf(let leaf)? in try stream.objArray("fLeaves") { leaves.append(leaf) }
        var embedded: [EmbeddedBasket] = []
        for case .basket(let basket)? in try stream.objArray("fBaskets") { embedded.append(basket) }
        let basketBytes = try stream.flaggedArray(maxBaskets, of: Int32.self)
        let basketEntry = try stream.flaggedArray(maxBaskets, of: Int64.self)
        let basketSeek = try stream.flaggedArray(maxBaskets, of: Int64.self)
        _ = try stream.cursor.string()
        try stream.finish(end)
        return BranchRecord(
            name: name, title: title, compression: compression, writeBasket: writeBasket, entries: entries,
            leaves: leaves, subBranches: subBranches, basketBytes: basketBytes, basketEntry: basketEntry,
            basketSeek: basketSeek, embedded: embedded, elementClass: nil)
    }
}
