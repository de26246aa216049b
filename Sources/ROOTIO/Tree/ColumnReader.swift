// ROOTIO layer: reads branches over an entry range. The free baskets of every requested branch (and of
// the counters of jagged ones) are fetched in one vectored request — one round trip over XRootD — then
// each basket is decompressed once, straight into its place in the column's array, and its values are
// converted to host byte order there (a stored basket is converted as it is copied out of its record).
// Jagged branches are read as ROOT reads them, by their counter branch: the counter's prefix sums give
// every entry's position, so no per-entry work is repeated for each Muon_* branch, and each basket is
// checked to hold exactly the bytes its counter values imply.

/// One read of several branches over one entry range.
struct ColumnReader {
    let tree: TTree
    private let decoder: BasketDecoder
    /// Free baskets by seek, their headers parsed.
    private var freeBaskets: [Int64: FreeBasket] = [:]
    /// Per counter branch: the entries its prefix sums cover, and the sums (`prefix[i]` = values
    /// before entry `span.lowerBound + i`).
    var prefixes: [String: (span: Range<Int64>, sums: [Int32])] = [:]
    /// Per counter branch: the element offsets of the requested range, shared by its jagged branches.
    var elementOffsets: [String: [Int32]] = [:]
    /// Counter columns read over exactly the requested range, returned as they are when asked for.
    var counterColumns: [String: Column] = [:]

    init(tree: TTree, decoder: BasketDecoder) {
        self.tree = tree
        self.decoder = decoder
    }

    mutating func read(_ branches: [Branch], range: Range<Int64>) throws -> [String: Column] {
        var counterSpans: [String: Range<Int64>] = [:]
        for branch in branches {
            guard branch.elementClass == nil, branch.type.isReadable, !branch.counterMissing else {
                throw ROOTFormatError(
                    .unsupported, "branch '\(branch.name)' holds \(branch.typeDescription) values, which are not read")
            }
            guard let counter = branch.counter else { continue }
            let baskets = overlapping(branch, range)
            guard let first = baskets.first, let last = baskets.last else { continue }
            let span = first.firstEntry..<last.endEntry
            counterSpans[counter] =
                counterSpans[counter].map {
                    min($0.lowerBound, span.lowerBound)..<max($0.upperBound, span.upperBound)
                } ?? span
        }
        let counters = try counterSpans.sorted { $0.key < $1.key }.map { (try counterBranch($0.key), $0.value) }
        try fetch(branches.map { ($0, range) } + counters)
        for (counter, span) in counters { try prepareCounter(counter, span: span, range: range) }
        var columns: [String: Column] = [:]
        for branch in branches where columns[branch.name] == nil {
            columns[branch.name] = try counterColumns[branch.name] ?? column(branch, range: range)
        }
        return columns
    }

    // MARK: - Baskets

    /// A basket's content: a free basket record, or a basket embedded in its branch.
    private enum BasketContent {
        case free(FreeBasket)
        case embedded(EmbeddedBasket)

        /// The size of the data region.
        var dataSize: Int {
            switch self {
            case .free(let basket): basket.dataSize
            case .embedded(let basket): basket.data.count
            }
        }
    }

    private func overlapping(_ branch: Branch, _ range: Range<Int64>) -> [BasketLocation] {
        branch.baskets.filter { $0.firstEntry < range.upperBound && $0.endEntry > range.lowerBound }
    }

    private mutating func fetch(_ wantedBranches: [(Branch, Range<Int64>)]) throws {
        var wanted: [ByteRange] = []
        var seen = Set<Int64>()
        for (branch, range) in wantedBranches {
            for basket in overlapping(branch, range) {
                guard case .free(let seek, let bytes) = basket.storage, seen.insert(seek).inserted else { continue }
                guard seek >= 0, seek <= tree.file.size - Int64(bytes) else {
                    throw ROOTFormatError(
                        .malformed, "branch '\(branch.name)' has a basket outside the file (byte \(seek))")
                }
                wanted.append(ByteRange(offset: seek, count: bytes))
            }
        }
        wanted.sort { $0.offset < $1.offset }
        guard !wanted.isEmpty else { return }
        let chunks = try tree.file.source.read(wanted)
        for (range, bytes) in zip(wanted, chunks) { freeBaskets[range.offset] = try FreeBasket(bytes) }
    }

    /// Calls `body` with each basket's content, checked to hold the entries its branch says it holds.
    private func forEachBasket(
        _ branch: Branch, _ baskets: [BasketLocation], _ body: (BasketContent, BasketLocation) throws -> Void
    ) throws {
        for basket in baskets {
            switch basket.storage {
            case .free(let seek, _):
                guard let free = freeBaskets[seek] else {
                    throw ROOTFormatError(.malformed, "branch '\(branch.name)': basket at byte \(seek) was not read")
                }
                let expected = Int(basket.endEntry - basket.firstEntry)
                guard free.entries == expected else {
                    throw ROOTFormatError(
                        .malformed,
                        "branch '\(branch.name)': basket at byte \(seek) holds \(free.entries) entries, not \(expected)"
                    )
                }
                try body(.free(free), basket)
            case .embedded(let index):
                try body(.embedded(branch.embedded[index]), basket)
            }
        }
    }

    /// Calls `body` with the data region of `content` and, when asked for (strings), each entry's byte
    /// offset in it.
    private func withData(
        _ content: BasketContent, entryOffsets: Bool, _ body: (UnsafeRawBufferPointer, [Int32]?) throws -> Void
    ) throws {
        switch content {
        case .free(let basket):
            try decoder.withData(basket, entryOffsets: entryOffsets, body)
        case .embedded(let basket):
            let offsets = entryOffsets ? try BasketDecoder.embeddedOffsets(basket) : nil
            try basket.data.withUnsafeBytes { try body($0, offsets) }
        }
    }

    /// Appends the big-endian values at `bytes` of the data region of `content` to `sink`.
    ///
    /// A compressed basket is decompressed into the sink's free space, where its values stay, when the
    /// space has room and `inPlace` says most of the basket is wanted; any other basket is converted as
    /// it is copied from its record (or the reused decompression buffer) into the sink.
    private func append(_ content: BasketContent, bytes: Range<Int>, inPlace: Bool, to sink: ValueSink) throws {
        if inPlace, case .free(let basket) = content, basket.isCompressed,
            let space = sink.freeSpace(atLeast: basket.objectLength)
        {
            try decoder.decompress(basket, into: space)
            try sink.takeBigEndian(bytes)
            return
        }
        try withData(content, entryOffsets: false) { data, _ in
            try sink.appendBigEndian(UnsafeRawBufferPointer(rebasing: data[bytes]))
        }
    }

    /// Values of room to decompress any compressed basket of `baskets` in place after the values before
    /// it: its largest fObjlen, over the value size.
    private func inPlaceRoom(_ branch: Branch, _ baskets: [BasketLocation]) -> Int {
        guard branch.type.size > 0 else { return 0 }
        var largest = 0
        for basket in baskets {
            guard case .free(let seek, _) = basket.storage, let free = freeBaskets[seek], free.isCompressed else {
                continue
            }
            largest = max(largest, free.objectLength)
        }
        return (largest + branch.type.size - 1) / branch.type.size
    }

    // MARK: - Columns

    func column(_ branch: Branch, range: Range<Int64>) throws -> Column {
        let baskets = overlapping(branch, range)
        let entries = Int(range.count)
        if let counter = branch.counter { return try jaggedColumn(branch, counter: counter, baskets, range) }
        let isString = branch.type == .string
        var written = 0
        let capacity =
            isString
            ? entries
            : min(entries * branch.length, availableValues(branch, baskets)) + inPlaceRoom(branch, baskets)
        let values = try ValueSink.fill(branch.type, capacity: capacity) { sink in
            try forEachBasket(branch, baskets) { content, basket in
                let first = Int(max(range.lowerBound, basket.firstEntry) - basket.firstEntry)
                let last = Int(min(range.upperBound, basket.endEntry) - basket.firstEntry)
                if isString {
                    try withData(content, entryOffsets: true) { data, byteOffsets in
                        sink.appendStrings(
                            try StringEntries.decode(data, byteOffsets: byteOffsets, entries: first..<last))
                    }
                    return
                }
                let item = branch.type.size * branch.length
                guard last * item <= content.dataSize else {
                    throw ROOTFormatError(
                        .malformed,
                        "branch '\(branch.name)': \(last) entries need more than \(content.dataSize) bytes")
                }
                let inPlace = 2 * (last - first) >= Int(basket.endEntry - basket.firstEntry)
                try append(content, bytes: first * item..<last * item, inPlace: inPlace, to: sink)
            }
            written = sink.count
        }
        guard written == entries * (isString ? 1 : branch.length) else {
            throw ROOTFormatError(.malformed, "branch '\(branch.name)' baskets do not cover entries \(range)")
        }
        return Column(
            name: branch.name, type: branch.type, entries: entries, length: branch.length, offsets: nil, values: values)
    }

    private func jaggedColumn(_ branch: Branch, counter: String, _ baskets: [BasketLocation], _ range: Range<Int64>)
        throws -> Column
    {
        if range.isEmpty {
            return Column(
                name: branch.name, type: branch.type, entries: 0, length: branch.length, offsets: [0],
                values: try ValueSink.fill(branch.type, capacity: 0) { _ in })
        }
        guard let (span, sums) = prefixes[counter], let offsets = elementOffsets[counter] else {
            throw ROOTFormatError(.malformed, "branch '\(branch.name)': counter '\(counter)' was not read")
        }
        let perElement = branch.length
        let size = branch.type.size * perElement
        func sum(_ entry: Int64) -> Int64 { Int64(sums[Int(entry - span.lowerBound)]) }
        let total = Int(sum(range.upperBound) - sum(range.lowerBound)) * perElement
        guard total <= availableValues(branch, baskets) else {
            throw ROOTFormatError(
                .malformed, "branch '\(branch.name)': counter '\(counter)' asks for more values than its baskets hold")
        }
        var written = 0
        let values = try ValueSink.fill(branch.type, capacity: total + inPlaceRoom(branch, baskets)) { sink in
            try forEachBasket(branch, baskets) { content, basket in
                guard basket.firstEntry >= span.lowerBound, basket.endEntry <= span.upperBound,
                    Int(sum(basket.endEntry) - sum(basket.firstEntry)) * size == content.dataSize
                else {
                    throw ROOTFormatError(
                        .malformed,
                        "branch '\(branch.name)': a basket of \(content.dataSize) bytes does not match counter '\(counter)'"
                    )
                }
                let first = max(range.lowerBound, basket.firstEntry)
                let last = min(range.upperBound, basket.endEntry)
                let start = Int(sum(first) - sum(basket.firstEntry)) * size
                let end = Int(sum(last) - sum(basket.firstEntry)) * size
                let inPlace = 2 * (last - first) >= basket.endEntry - basket.firstEntry
                try append(content, bytes: start..<end, inPlace: inPlace, to: sink)
            }
            written = sink.count
        }
        guard written == total else {
            throw ROOTFormatError(.malformed, "branch '\(branch.name)' baskets do not cover entries \(range)")
        }
        return Column(
            name: branch.name, type: branch.type, entries: Int(range.count), length: perElement,
            offsets: perElement == 1 ? offsets : offsets.map { $0 * Int32(perElement) }, values: values)
    }

    /// At most how many values `baskets` can hold.
    ///
    /// Their uncompressed sizes (fObjlen) over the value size: bounds every allocation by what the
    /// file really holds.
    private func availableValues(_ branch: Branch, _ baskets: [BasketLocation]) -> Int {
        guard branch.type.size > 0 else { return 0 }
        var bytes = 0
        for basket in baskets {
            switch basket.storage {
            case .free(let seek, _): bytes += freeBaskets[seek]?.objectLength ?? 0
            case .embedded(let index): bytes += branch.embedded[index].data.count
            }
        }
        return bytes / branch.type.size
    }
}
