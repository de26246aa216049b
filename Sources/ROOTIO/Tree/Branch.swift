// ROOTIO layer: a branch as users see it (name, type, shape, compression, baskets) and where each of
// its baskets is: free baskets by seek, size and first entry; embedded ones inside the branch record.

/// Where one basket's bytes are, and which entries it holds.
struct BasketLocation: Sendable {
    enum Storage: Sendable {
        /// A basket record of `bytes` bytes at `seek` in the file.
        case free(seek: Int64, bytes: Int)
        /// The branch record's embedded basket number `index`.
        case embedded(index: Int)
    }

    var firstEntry: Int64
    var endEntry: Int64
    var storage: Storage
}

/// One branch of a TTree.
public struct Branch: Sendable {
    /// The branch name (`Muon_pt`).
    public var name: String
    /// Its title, the leaf list (`Muon_pt[nMuon]/F`).
    public var title: String
    /// The type of its values.
    public var type: LeafType
    /// The counter branch of a jagged branch (`nMuon`).
    public var counter: String?
    /// Values per entry of a fixed-size array leaf (`x[3]` → 3); 1 otherwise.
    public var length: Int
    /// fCompress: algorithm × 100 + level.
    public var compression: Int
    /// Entries in the branch.
    public var entries: Int64
    /// The streamed C++ class of a TBranchElement; such branches are listed but not read.
    public var elementClass: String?
    /// A jagged leaf whose counter leaf has no branch of its own (not read).
    var counterMissing: Bool
    var baskets: [BasketLocation]
    var embedded: [EmbeddedBasket]

    /// The byte ranges of the free baskets (key and payload), for prefetching and I/O measurements.
    public var basketRecords: [ByteRange] {
        baskets.compactMap {
            guard case .free(let seek, let bytes) = $0.storage else { return nil }
            return ByteRange(offset: seek, count: bytes)
        }
    }

    /// The number of baskets.
    public var basketCount: Int { baskets.count }
    /// Whether entries have a variable number of values.
    public var isJagged: Bool { counter != nil }
    /// The entry at which each basket starts, and the branch's end: chunk boundaries that split no basket.
    public var basketBoundaries: [Int64] { baskets.map(\.firstEntry) + [entries] }

    /// `Float_t`, `Float_t[nMuon]`, `Int_t[3]`.
    public var typeDescription: String {
        let base = elementClass ?? type.rootName
        if let counter { return "\(base)[\(counter)]" + (length > 1 ? "[\(length)]" : "") }
        return length > 1 ? "\(base)[\(length)]" : base
    }

    init(_ record: BranchRecord, counterBranch: (String) -> String?) throws(ROOTFormatError) {
        name = record.name
        title = record.title
        let leaf = record.leaves.first
        type = record.elementClass != nil ? .object : leaf?.type ?? .object
        counter = leaf?.countLeafName.flatMap(counterBranch)
        counterMissing = leaf?.countLeafName != nil && counter == nil
        length = type != .string ? leaf?.length ?? 1 : 1
        compression = record.compression
        entries = record.entries
        elementClass = record.elementClass
        embedded = record.embedded
        baskets = try Self.locate(record)
    }

    /// Free baskets first (until the first zero seek), then the embedded ones.
    private static func locate(_ record: BranchRecord) throws(ROOTFormatError) -> [BasketLocation] {
        var baskets: [BasketLocation] = []
        let count = min(record.writeBasket, record.basketSeek.count, record.basketBytes.count, record.basketEntry.count)
        var index = 0
        while index < count, record.basketSeek[index] != 0 {
            let first = record.basketEntry[index]
            let next = index + 1 < record.basketEntry.count ? record.basketEntry[index + 1] : record.entries
            let end = next > first ? next : record.entries
            guard record.basketBytes[index] > 0, first >= (baskets.last?.endEntry ?? 0), end >= first else {
                throw ROOTFormatError(.malformed, "branch '\(record.name)' basket \(index) has a bad size or range")
            }
            baskets.append(
                BasketLocation(
                    firstEntry: first, endEntry: end,
                    storage: .free(seek: record.basketSeek[index], bytes: Int(record.basketBytes[index]))))
            index += 1
        }
        var first = baskets.last?.endEntry ?? 0
        for (position, basket) in record.embedded.enumerated() {
            let end = first + Int64(basket.fields.entryCount)
            baskets.append(BasketLocation(firstEntry: first, endEntry: end, storage: .embedded(index: position)))
            first = end
        }
        return baskets
    }
}
