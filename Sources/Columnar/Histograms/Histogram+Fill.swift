// Columnar layer: filling a histogram with a chunk of entries. The processor fills one (dataset,
// category, variation) at a time, so string category axes take one value per call and the other axes
// one array each. Entries are binned in blocks: each axis adds its bin's offset for a block of
// entries in one tight loop, then the block's weights are added in entry order — the same order, and
// so the same floating-point sums, as boost-histogram's fill.

extension Histogram {
    private static let block = 4096

    /// The bin of `category` on the string category axis at `position`, appending the category when the
    /// axis grows; `nil` when the category is unknown and the axis has neither growth nor a flow bin.
    ///
    /// Bins stay valid while categories are appended, except a flow bin, which moves after new categories.
    public mutating func bin(ofCategory category: String, axis position: Int) -> Int? {
        guard case .stringCategory(let categories, let flow, let growth) = axes[position].kind else { return nil }
        if let bin = categories.firstIndex(of: category) { return bin }
        guard growth else { return flow ? categories.count : nil }
        var grown = axes[position]
        grown.append(category: category)
        let map = (0..<axes[position].extent).map { $0 < categories.count ? $0 : $0 + 1 }
        relayout(axis: position, to: grown, map: map)
        return categories.count
    }

    /// Fills entries: one category per string category axis (in axis order) and one array of numbers per
    /// other axis (in axis order, all of the same length), each entry with its weight (`nil`: weight 1).
    ///
    /// Unknown categories grow the axis when it grows; otherwise they go to the flow bin, or the call
    /// counts nothing when there is none.
    ///
    /// - Throws: ``HistogramError`` `.invalidFill` when the numbers of categories or arrays do not match the
    ///   axes, the arrays' lengths differ, or weights are given to an int-storage histogram.
    public mutating func fill(categories: [String], numbers: [[Double]], weights: [Double]? = nil)
        throws(HistogramError)
    {
        let positions = categoryAxisPositions
        guard categories.count == positions.count else {
            throw HistogramError(
                .invalidFill, "\(categories.count) categories for \(positions.count) string category axes")
        }
        _ = try entryCount(numbers: numbers, weights: weights)
        var bins: [Int] = []
        for (category, position) in zip(categories, positions) {
            guard let bin = bin(ofCategory: category, axis: position) else { return }
            bins.append(bin)
        }
        try fill(categoryBins: bins, numbers: numbers, weights: weights)
    }

    /// Fills entries whose string categories are already resolved to bins (see ``bin(ofCategory:axis:)``).
    ///
    /// - Throws: ``HistogramError`` `.invalidFill` as ``fill(categories:numbers:weights:)`` does, or when a bin
    ///   is out of range.
    public mutating func fill(categoryBins: [Int], numbers: [[Double]], weights: [Double]? = nil)
        throws(HistogramError)
    {
        let categoryPositions = categoryAxisPositions
        guard categoryBins.count == categoryPositions.count else {
            throw HistogramError(
                .invalidFill, "\(categoryBins.count) category bins for \(categoryPositions.count) string category axes")
        }
        for (bin, position) in zip(categoryBins, categoryPositions) where !(0..<axes[position].extent).contains(bin) {
            throw HistogramError(.invalidFill, "bin \(bin) is out of range on axis '\(axes[position].name)'")
        }
        let count = try entryCount(numbers: numbers, weights: weights)
        let numericPositions = numericAxisPositions
        growIntegerCategories(numbers: numbers, positions: numericPositions)

        let strides = self.strides
        let axes = self.axes
        let base = zip(categoryBins, categoryPositions).reduce(0) { $0 + $1.0 * strides[$1.1] }
        let lookups = numericPositions.map { position in
            Dictionary(uniqueKeysWithValues: (axes[position].integerCategories ?? []).enumerated().map { ($1, $0) })
        }
        var offsets = [Int](repeating: 0, count: Swift.min(count, Self.block))
        // Unweighted entries are counted per bin in integers, and the counts added to the bins at the end
        // (when the histogram has no more bins than the fill has entries).
        var hits = [UInt32](
            repeating: 0, count: weights == nil && values.count <= count && count < UInt32.max ? values.count : 0)
        var start = 0
        while start < count {
            let length = Swift.min(Self.block, count - start)
            offsets.withUnsafeMutableBufferPointer { offsets in
                let block = UnsafeMutableBufferPointer(rebasing: offsets[0..<length])
                block.update(repeating: base)
                for (index, position) in numericPositions.enumerated() {
                    numbers[index].withUnsafeBufferPointer { column in
                        axes[position].addOffsets(
                            of: UnsafeBufferPointer(rebasing: column[start..<start + length]),
                            stride: strides[position],
                            into: block, lookup: lookups[index])
                    }
                }
                if hits.isEmpty {
                    accumulate(UnsafeBufferPointer(block), weights: weights, from: start)
                } else {
                    hits.withUnsafeMutableBufferPointer { hits in
                        for offset in block where offset >= 0 { hits[offset] &+= 1 }
                    }
                }
            }
            start += length
        }
        if !hits.isEmpty { add(hits) }
    }

    /// Adds `hits[bin]` entries of weight 1 to each bin, as that many additions of 1 would.
    private mutating func add(_ hits: [UInt32]) {
        let weighted = storage == .weighted
        for (bin, count) in hits.enumerated() where count > 0 {
            values[bin] = Self.addingOnes(values[bin], count)
            if weighted { variances[bin] = Self.addingOnes(variances[bin], count) }
        }
    }

    /// `value` plus `count` ones added one at a time: `value + count` at once when `value` is a whole number
    /// and every partial sum stays within ±2⁵³ (then each addition is exact), else one by one.
    static func addingOnes(_ value: Double, _ count: UInt32) -> Double {
        if value == value.rounded(.towardZero), value.magnitude + Double(count) <= 9_007_199_254_740_992 {
            return value + Double(count)
        }
        var sum = value
        for _ in 0..<count { sum += 1 }
        return sum
    }

    /// The number of entries of a fill, after checking that the arrays agree.
    private func entryCount(numbers: [[Double]], weights: [Double]?) throws(HistogramError) -> Int {
        let expected = numericAxisPositions.count
        guard numbers.count == expected else {
            throw HistogramError(.invalidFill, "\(numbers.count) arrays of numbers for \(expected) numeric axes")
        }
        let count = numbers.first?.count ?? weights?.count ?? 1
        for array in numbers where array.count != count {
            throw HistogramError(.invalidFill, "arrays of numbers of different lengths (\(count) and \(array.count))")
        }
        if let weights {
            guard storage != .int else {
                throw HistogramError(.invalidFill, "an int-storage histogram counts entries and takes no weights")
            }
            guard weights.count == count else {
                throw HistogramError(.invalidFill, "\(weights.count) weights for \(count) entries")
            }
        }
        return count
    }

    /// Appends the whole numbers not yet known to growing integer category axes, in order of appearance.
    private mutating func growIntegerCategories(numbers: [[Double]], positions: [Int]) {
        for (index, position) in positions.enumerated() {
            guard axes[position].growth, let known = axes[position].integerCategories else { continue }
            var seen = Set(known)
            var added: [Int] = []
            for value in numbers[index] {
                if let category = Int(exactly: value), seen.insert(category).inserted { added.append(category) }
            }
            guard !added.isEmpty else { continue }
            var grown = axes[position]
            grown.append(integerCategories: added)
            let extent = axes[position].extent
            relayout(axis: position, to: grown, map: (0..<extent).map { $0 < known.count ? $0 : $0 + added.count })
        }
    }

    /// Adds each entry's weight (and squared weight) to its bin; negative offsets are not counted.
    private mutating func accumulate(_ offsets: UnsafeBufferPointer<Int>, weights: [Double]?, from start: Int) {
        let storage = self.storage
        values.withUnsafeMutableBufferPointer { values in
            variances.withUnsafeMutableBufferPointer { variances in
                guard let weights else {
                    for offset in offsets where offset >= 0 {
                        values[offset] += 1
                        if storage == .weighted { variances[offset] += 1 }
                    }
                    return
                }
                weights.withUnsafeBufferPointer { weights in
                    let weights = UnsafeBufferPointer(rebasing: weights[start..<start + offsets.count])
                    if storage == .weighted {
                        for (offset, weight) in zip(offsets, weights) where offset >= 0 {
                            values[offset] += weight
                            variances[offset] += weight * weight
                        }
                    } else {
                        for (offset, weight) in zip(offsets, weights) where offset >= 0 { values[offset] += weight }
                    }
                }
            }
        }
    }
}
