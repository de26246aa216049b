// Columnar layer: the bin of a value on a variable axis — the number of edges not greater than it
// (std::upper_bound, as boost-histogram uses). A table over equal slices of the axis gives a start
// next to the answer, and a short walk finishes it, so the result is exact whatever the rounding of
// the slice; axes whose edges crowd into few slices use a binary search instead.

/// Finds upper bounds in a sorted list of edges.
struct EdgeSearch {
    private let edges: [Double]
    /// For each slice of [first, last), the upper bound of the slice's lower end; empty when not used.
    private let hints: [Int]
    private let scale: Double

    init(_ edges: [Double]) {
        self.edges = edges
        let (first, last) = (edges[0], edges[edges.count - 1])
        let slices = 4 * edges.count
        let scale = Double(slices) / (last - first)
        var hints: [Int] = []
        var position = 0
        var crowded = false
        for slice in 0..<slices {
            let start = first + Double(slice) / scale
            let before = position
            while position < edges.count, !(start < edges[position]) { position += 1 }
            crowded = crowded || position - before > 4
            hints.append(position)
        }
        self.scale = scale
        self.hints = crowded || !scale.isFinite ? [] : hints
    }

    /// The number of edges `e` with `!(value < e)`: 0 below the first edge, all of them from the last
    /// edge on and for NaN.
    func upperBound(_ value: Double) -> Int {
        let count = edges.count
        guard value >= edges[0] else { return value.isNaN ? count : 0 }
        guard value < edges[count - 1] else { return count }
        guard !hints.isEmpty else { return binarySearch(value) }
        var position = hints[Swift.min(Int((value - edges[0]) * scale), hints.count - 1)]
        while position > 0, value < edges[position - 1] { position -= 1 }
        while position < count, !(value < edges[position]) { position += 1 }
        return position
    }

    private func binarySearch(_ value: Double) -> Int {
        var low = 0
        var high = edges.count
        while low < high {
            let middle = (low + high) >> 1
            if value < edges[middle] { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
