// ROOTIO layer: a TTree (versions 16–20) as streamed in its key, read down to fBranches
// (docs/specs/root_format.md §6). What follows fBranches (leaves, aliases, indices, friends) is not
// needed to read branches.

/// The parts of a TTree record this reader uses.
struct TreeRecord {
    var name: String
    var title: String
    var version: Int
    var entries: Int64
    var branches: [BranchRecord]

    static func read(_ stream: inout ObjectStream) throws(ROOTFormatError) -> TreeRecord {
        let (version, _) = try stream.header("TTree")
        guard (16...20).contains(version) else {
            throw ROOTFormatError(.unsupported, "TTree version \(version) (16 to 20 are read)")
        }
        let (name, title) = try stream.tNamed()
        for part in ["TAttLine", "TAttFill", "TAttMarker"] { try stream.skipObject(part) }
        let entries = try stream.cursor.i64()
        guard entries >= 0 else { throw stream.cursor.fail("negative entry count \(entries)") }
        // After fEntries: the remaining 64-bit sizes, fWeight, the 32-bit fields, then the 64-bit limits.
        let layout: (sizes: Int, ints: Int, clusterCount: Bool, limits: Int) =
            switch version {
            case 16: (3, 3, false, 5)
            case 17: (3, 4, false, 5)
            case 18: (4, 4, false, 6)
            default: (4, 4, true, 6)
            }
        try stream.cursor.skip(8 * layout.sizes + 8 + 4 * layout.ints)
        let clusterRanges = layout.clusterCount ? Int(try stream.cursor.u32()) : 0
        try stream.cursor.skip(8 * layout.limits)
        if layout.clusterCount {
            _ = try stream.flaggedArray(clusterRanges, of: Int64.self)
            _ = try stream.flaggedArray(clusterRanges, of: Int64.self)
        }
        if version >= 20 { try stream.skipObject("TIOFeatures") }
        var branches: [BranchRecord] = []
        for case .branch(let branch)? in try stream.objArray("fBranches") { branches.append(branch) }
        return TreeRecord(name: name, title: title, version: version, entries: entries, branches: branches)
    }
}
