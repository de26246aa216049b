// Columnar layer: moving bins between layouts. When a category axis grows or loses categories, or a
// histogram with other categories is added, every bin of one layout is added to its place in another:
// bin i of axis a goes to map[a][i] (nowhere when negative). Trailing axes that keep their layout are
// copied as contiguous runs.

extension Histogram {
    /// Replaces the axis at `position` by `axis`, moving its bin `i` to `map[i]`.
    mutating func relayout(axis position: Int, to axis: HistogramAxis, map: [Int]) {
        var maps = [[Int]?](repeating: nil, count: axes.count)
        maps[position] = map
        var grown = axes
        grown[position] = axis
        let oldShape = shape
        let newShape = grown.map(\.extent)
        let size = newShape.reduce(1, *)
        var newValues = [Double](repeating: 0, count: size)
        Self.addBins(of: values, shape: oldShape, maps: maps, into: &newValues, shape: newShape)
        if storage == .weighted {
            var newVariances = [Double](repeating: 0, count: size)
            Self.addBins(of: variances, shape: oldShape, maps: maps, into: &newVariances, shape: newShape)
            variances = newVariances
        }
        axes = grown
        values = newValues
    }

    /// Removes `categories` from the string category axis at `position`, with their bins.
    public mutating func remove(categories: Set<String>, axis position: Int) {
        guard case .stringCategory(let names, let flow, let growth) = axes[position].kind else { return }
        var kept: [String] = []
        let map = names.map { name -> Int in
            guard !categories.contains(name) else { return -1 }
            kept.append(name)
            return kept.count - 1
        }
        guard kept.count < names.count else { return }
        var axis = axes[position]
        axis.kind = .stringCategory(categories: kept, flow: flow, growth: growth)
        relayout(axis: position, to: axis, map: map + (flow ? [kept.count] : []))
    }

    /// Adds every bin of `source` (laid out by `shape`) to `target` (laid out by `targetShape`): bin `i` of
    /// axis `a` goes to `maps[a]?[i]`, or stays at `i` when the map is `nil`, or is dropped when negative.
    static func addBins(
        of source: [Double], shape: [Int], maps: [[Int]?], into target: inout [Double], shape targetShape: [Int]
    ) {
        guard !source.isEmpty else { return }
        var inner = shape.count
        while inner > 0, maps[inner - 1] == nil, shape[inner - 1] == targetShape[inner - 1] { inner -= 1 }
        let run = shape[inner...].reduce(1, *)
        var targetStrides = [Int](repeating: 1, count: shape.count)
        for axis in targetShape.indices.reversed().dropFirst() {
            targetStrides[axis] = targetStrides[axis + 1] * targetShape[axis + 1]
        }
        var indices = [Int](repeating: 0, count: inner)
        source.withUnsafeBufferPointer { source in
            target.withUnsafeMutableBufferPointer { target in
                var sourceOffset = 0
                while sourceOffset < source.count {
                    var targetOffset = 0
                    var kept = true
                    for axis in 0..<inner {
                        let bin = maps[axis]?[indices[axis]] ?? indices[axis]
                        kept = kept && bin >= 0
                        targetOffset += bin * targetStrides[axis]
                    }
                    if kept {
                        for index in 0..<run { target[targetOffset + index] += source[sourceOffset + index] }
                    }
                    sourceOffset += run
                    var axis = inner - 1
                    while axis >= 0 {
                        indices[axis] += 1
                        if indices[axis] < shape[axis] { break }
                        indices[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
    }
}
