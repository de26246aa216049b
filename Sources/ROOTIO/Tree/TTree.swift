// ROOTIO layer: a TTree — its entries and branches, and the reading of chosen branches over an entry
// range into typed columns.

/// A TTree of an open ``ROOTFile``.
public final class TTree {
    /// The file the tree is in.
    public let file: ROOTFile
    /// The tree's name and title.
    public let name: String
    public let title: String
    /// The number of entries.
    public let entries: Int64
    /// Every branch, sub-branches included, in file order.
    public let branches: [Branch]
    private let index: [String: Int]
    /// Reused from read to read, so its decompression buffer is allocated once.
    private let decoder = BasketDecoder()

    init(file: ROOTFile, record: TreeRecord) throws(ROOTFormatError) {
        self.file = file
        name = record.name
        title = record.title
        entries = record.entries
        var flat: [BranchRecord] = []
        func collect(_ records: [BranchRecord]) {
            for record in records {
                flat.append(record)
                collect(record.subBranches)
            }
        }
        collect(record.branches)
        var leafOwner: [String: String] = [:]
        for record in flat {
            for leaf in record.leaves where leafOwner[leaf.name] == nil { leafOwner[leaf.name] = record.name }
        }
        var branches: [Branch] = []
        for record in flat { branches.append(try Branch(record, counterBranch: { leafOwner[$0] })) }
        self.branches = branches
        var index: [String: Int] = [:]
        for (position, branch) in branches.enumerated() where index[branch.name] == nil {
            index[branch.name] = position
        }
        self.index = index
    }

    /// The branch called `name`.
    public func branch(_ name: String) throws(ROOTFormatError) -> Branch {
        guard let position = index[name] else {
            throw ROOTFormatError(.notFound, "no branch '\(name)' in tree '\(self.name)'", file: file.source.url)
        }
        return branches[position]
    }

    /// The entries at which every branch of `names`, and the counter of each jagged one, starts a
    /// basket, ascending, with 0 and ``entries``: a range of entries cut there shares no basket with the
    /// ranges beside it, so no basket is decompressed twice. Names that are not branches are left out.
    public func sharedBasketBoundaries(_ names: [String]) -> [Int64] {
        var shared: Set<Int64>?
        var seen = Set<String>()
        var pending = names
        while let name = pending.popLast() {
            guard seen.insert(name).inserted, let position = index[name] else { continue }
            let branch = branches[position]
            if let counter = branch.counter { pending.append(counter) }
            let starts = Set(branch.basketBoundaries)
            shared = shared.map { $0.intersection(starts) } ?? starts
        }
        return (shared ?? []).union([0, entries]).filter { $0 >= 0 && $0 <= entries }.sorted()
    }

    /// Reads `names` over `range` (all entries when `nil`).
    ///
    /// - Throws: ``ROOTFormatError`` for an unknown branch, an unsupported type or malformed baskets;
    ///   ``ByteSourceError`` when bytes cannot be read.
    public func read(_ names: [String], entries range: Range<Int64>? = nil) throws -> [String: Column] {
        let range = range ?? 0..<entries
        guard range.lowerBound >= 0, range.upperBound <= entries else {
            throw ROOTFormatError(
                .notFound, "entries \(range) outside tree '\(name)' (0..<\(entries))", file: file.source.url)
        }
        var reader = ColumnReader(tree: self, decoder: decoder)
        do {
            return try reader.read(try names.map(branch), range: range)
        } catch let error as ROOTFormatError {
            throw error.inFile(file.source.url)
        }
    }
}
