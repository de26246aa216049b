// ROOTIO layer: reads branches over an entry range. The free baskets of every requested branch (and of
// the counters of jagged ones) are fetched in one vectored request — one round trip over XRootD — then
// each basket is decompressed once into a reused buffer and its values written straight into the
// column's array. Jagged branches are read as ROOT reads them, by their counter branch: the counter's
// prefix sums give every entry's position, so no per-entry work is repeated for each Muon_* branch,
// and each basket is checked to hold exactly the bytes its counter values imply.

/// One read of several branches over one entry range.
struct ColumnReader {
    let tree: TTree
    private let decoder: BasketDecoder
    /// Free basket records by seek.
    private var records: [Int64: [UInt8]] = [:]
    /// Per counter branch: the entries its prefix sums cover, and the sums (`prefix[i]` = values
    /// before entry `span.lowerBound + i`).
    private var prefixes: [String: (span: Range<Int64>, sums: [Int64])] = [:]
    /// Per counter branch: the element offsets of the requested range, shared by its jagged branches.
    private var elementOffsets: [String: [Int32]] = [:]

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
        let counters = try counterSpans.keys.sorted().map { try counterBranch($0) }
        try fetch(branches.map { ($0, range) } + counters.map { ($0, counterSpans[$0.name]!) })
        for counter in counters { try prepareCounter(counter, span: counterSpans[counter.name]!, range: range) }
        var columns: [String: Column] = [:]
        for branch in branches where columns[branch.name] == nil {
            columns[branch.name] = try column(branch, range: range)
        }
        return columns
    }

    // MARK: - Baskets

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
        for (range, bytes) in zip(wanted, chunks) { records[range.offset] = bytes }
    }

    /// Calls `body` with each basket's data region, its first and end entries, and (for strings) the
    /// byte offset of each entry.
    private func forEachBasket(
        _ branch: Branch, _ baskets: [BasketLocation],
        _ body: (UnsafeRawBufferPointer, BasketLocation, [Int32]?) throws -> Void
    ) throws {
        let wantsOffsets = branch.type == .string
        for basket in baskets {
            let expected = Int(basket.endEntry - basket.firstEntry)
            switch basket.storage {
            case .free(let seek, _):
                guard let record = records[seek] else {
                    throw ROOTFormatError(.malformed, "branch '\(branch.name)': basket at byte \(seek) was not read")
                }
                let decoded = try decoder.decodeFree(record, entryOffsets: wantsOffsets)
                guard decoded.entries == expected else {
                    throw ROOTFormatError(
                        .malformed,
                        "branch '\(branch.name)': basket at byte \(seek) holds \(decoded.entries) entries, not \(expected)"
                    )
                }
                try decoder.payload.withUnsafeBytes { payload in
                    try body(UnsafeRawBufferPointer(rebasing: payload[0..<decoded.dataSize]), basket, decoded.offsets)
                }
            case .embedded(let index):
                let embedded = branch.embedded[index]
                let offsets = wantsOffsets ? try BasketDecoder.embeddedOffsets(embedded) : nil
                try embedded.data.withUnsafeBytes { try body($0, basket, offsets) }
            }
        }
    }

    // MARK: - Columns

    private mutating func column(_ branch: Branch, range: Range<Int64>) throws -> Column {
        let baskets = overlapping(branch, range)
        let entries = Int(range.count)
        if let counter = branch.counter { return try jaggedColumn(branch, counter: counter, baskets, range) }
        var written = 0
        let capacity = branch.type == .string ? entries : min(entries * branch.length, availableValues(branch, baskets))
        let values = try ValueSink.fill(branch.type, capacity: capacity) { sink in
            try forEachBasket(branch, baskets) { data, basket, byteOffsets in
                let first = Int(max(range.lowerBound, basket.firstEntry) - basket.firstEntry)
                let last = Int(min(range.upperBound, basket.endEntry) - basket.firstEntry)
                if branch.type == .string {
                    sink.appendStrings(try StringEntries.decode(data, byteOffsets: byteOffsets, entries: first..<last))
                    return
                }
                let item = branch.type.size * branch.length
                guard last * item <= data.count else {
                    throw ROOTFormatError(
                        .malformed, "branch '\(branch.name)': \(last) entries need more than \(data.count) bytes")
                }
                try sink.appendBigEndian(UnsafeRawBufferPointer(rebasing: data[first * item..<last * item]))
            }
            written = sink.count
        }
        guard written == entries * (branch.type == .string ? 1 : branch.length) else {
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
        func sum(_ entry: Int64) -> Int64 { sums[Int(entry - span.lowerBound)] }
        let total = Int(sum(range.upperBound) - sum(range.lowerBound)) * perElement
        guard total <= availableValues(branch, baskets) else {
            throw ROOTFormatError(
                .malformed, "branch '\(branch.name)': counter '\(counter)' asks for more values than its baskets hold")
        }
        var written = 0
        let values = try ValueSink.fill(branch.type, capacity: total) { sink in
            try forEachBasket(branch, baskets) { data, basket, _ in
                guard basket.firstEntry >= span.lowerBound, basket.endEntry <= span.upperBound,
                    Int(sum(basket.endEntry) - sum(basket.firstEntry)) * size == data.count
                else {
                    throw ROOTFormatError(
                        .malformed,
                        "branch '\(branch.name)': a basket of \(data.count) bytes does not match counter '\(counter)'")
                }
                let first = max(range.lowerBound, basket.firstEntry)
                let last = min(range.upperBound, basket.endEntry)
                let start = Int(sum(first) - sum(basket.firstEntry)) * size
                let end = Int(sum(last) - sum(basket.firstEntry)) * size
                try sink.appendBigEndian(UnsafeRawBufferPointer(rebasing: data[start..<end]))
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

    /// At most how many values `baskets` can hold: their uncompressed sizes (fObjlen, bytes 6–9 of
    /// each basket key) over the value size. Bounds every allocation by what the file really holds.
    private func availableValues(_ branch: Branch, _ baskets: [BasketLocation]) -> Int {
        guard branch.type.size > 0 else { return 0 }
        var bytes = 0
        for basket in baskets {
            switch basket.storage {
            case .free(let seek, _):
                guard let record = records[seek], record.count >= 10 else { continue }
                bytes += Int(
                    UInt32(record[6]) << 24 | UInt32(record[7]) << 16 | UInt32(record[8]) << 8 | UInt32(record[9]))
            case .embedded(let index):
                bytes += branch.embedded[index].data.count
            }
        }
        return bytes / branch.type.size
    }

    // MARK: - Counters

    private func counterBranch(_ name: String) throws(ROOTFormatError) -> Branch {
        let counter = try tree.branch(name)
        let integer: Set<LeafType> = [.int8, .uint8, .int16, .uint16, .int32, .uint32, .int64]
        guard counter.counter == nil, counter.length == 1, integer.contains(counter.type) else {
            throw ROOTFormatError(.unsupported, "counter branch '\(name)' is not a scalar integer branch")
        }
        return counter
    }

    /// Reads `counter` over `span` and keeps its prefix sums and the element offsets of `range`.
    private mutating func prepareCounter(_ counter: Branch, span: Range<Int64>, range: Range<Int64>) throws {
        guard span.upperBound <= counter.entries else {
            throw ROOTFormatError(.malformed, "counter '\(counter.name)' has fewer entries than its branches")
        }
        let counts = try column(counter, range: span).values
        var negative = false
        func prefixSums<T: BinaryInteger>(_ values: [T]) -> [Int64] {
            [Int64](unsafeUninitializedCapacity: values.count + 1) { target, initialized in
                var total: Int64 = 0
                target[0] = 0
                for (index, value) in values.enumerated() {
                    negative = negative || value < 0
                    total &+= Int64(truncatingIfNeeded: value)
                    target[index + 1] = total
                }
                initialized = values.count + 1
            }
        }
        let sums: [Int64]
        switch counts {
        case .int8(let values): sums = prefixSums(values)
        case .uint8(let values): sums = prefixSums(values)
        case .int16(let values): sums = prefixSums(values)
        case .uint16(let values): sums = prefixSums(values)
        case .int32(let values): sums = prefixSums(values)
        case .uint32(let values): sums = prefixSums(values)
        case .int64(let values): sums = prefixSums(values)
        default: throw ROOTFormatError(.unsupported, "counter branch '\(counter.name)' is not an integer branch")
        }
        let base = sums[Int(range.lowerBound - span.lowerBound)]
        guard !negative, sums[Int(range.upperBound - span.lowerBound)] - base <= Int64(Int32.max) else {
            throw ROOTFormatError(.malformed, "counter '\(counter.name)' has negative or too many values")
        }
        let lower = Int(range.lowerBound - span.lowerBound)
        elementOffsets[counter.name] = [Int32](unsafeUninitializedCapacity: range.count + 1) { target, initialized in
            for index in 0...Int(range.count) { target[index] = Int32(sums[lower + index] - base) }
            initialized = Int(range.count) + 1
        }
        prefixes[counter.name] = (span, sums)
    }
}

/// TLeafC entries: a length byte (255 then an Int32 for long strings) and the characters.
enum StringEntries {
    static func decode(_ data: UnsafeRawBufferPointer, byteOffsets: [Int32]?, entries: Range<Int>)
        throws(ROOTFormatError) -> [String]
    {
        var cursor = ByteCursor(Array(data))
        var strings: [String] = []
        if let byteOffsets {
            guard byteOffsets.count > entries.upperBound else {
                throw ROOTFormatError(.malformed, "string entry offsets do not match the data")
            }
            for entry in entries {
                try cursor.seek(Int(byteOffsets[entry]))
                strings.append(try cursor.string())
            }
            return strings
        }
        for entry in 0..<entries.upperBound {
            let text = try cursor.string()
            if entry >= entries.lowerBound { strings.append(text) }
        }
        return strings
    }
}
