// Columnar layer: which bin a value falls in, exactly as boost-histogram (and so hist) decides it.
//
//   regular   z = (x - lower) / (upper - lower); z < 0 → underflow (-inf too); 0 ≤ z < 1 → bin Int(z·bins);
//             otherwise overflow — x = upper, +inf and NaN all go to overflow. A circular axis wraps
//             finite z into [0, 1) with z - floor(z); non-finite values go to overflow.
//   variable  the first edge greater than x (upper_bound): x = last edge and NaN go to overflow.
//             Without an overflow bin, x = upper (z = 1) or x = last edge falls in the last bin.
//   integer   the category equal to x; a value that is not a whole number goes to the flow bin.
//   boolean   0 is false, anything else (NaN included) is true.
// A value whose bin does not exist (underflow without an underflow bin, …) is not counted.

import CMath

extension HistogramAxis {
    /// The contribution of an entry that is not counted: negative enough that any sum of per-axis
    /// contributions stays negative.
    static let dropped = -(1 << 40)

    /// Appends a category to a category axis (the flow bin, if any, moves after it).
    mutating func append(category: String) {
        if case .stringCategory(let categories, let flow, let growth) = kind {
            kind = .stringCategory(categories: categories + [category], flow: flow, growth: growth)
        }
    }

    /// Appends integer categories to an integer category axis.
    mutating func append(integerCategories added: [Int]) {
        if case .integerCategory(let categories, let flow, let growth) = kind {
            kind = .integerCategory(categories: categories + added, flow: flow, growth: growth)
        }
    }

    /// What an entry adds to its offset, by bin from -1 (underflow) to `bins` (overflow), shifted by one.
    private static func contributions(bins: Int, underflow: Bool, overflow: Bool, stride: Int) -> [Int] {
        let shift = underflow ? 1 : 0
        return [underflow ? 0 : dropped] + (0..<bins).map { ($0 + shift) * stride }
            + [overflow ? (bins + shift) * stride : dropped]
    }

    /// Adds `bin(x[i]) * stride` to `offsets[i]` for every entry, or ``dropped`` when the entry has no bin.
    ///
    /// - Parameter lookup: for an integer category axis, the bin of each category.
    func addOffsets(
        of x: UnsafeBufferPointer<Double>, stride: Int, into offsets: UnsafeMutableBufferPointer<Int>,
        lookup: [Int: Int] = [:]
    ) {
        switch kind {
        case .regular(let bins, let lower, let upper, true, true, false) where bins < Int32.max && stride <= Int32.max:
            // Both flow bins: the offset is (bin + 1)·stride, computed 4 values at a time (AVX2, with
            // 32-bit bins and strides: any histogram that fits in memory).
            offsets.withMemoryRebound(to: Int64.self) { offsets in
                pocket_coffea_regular_offsets(
                    x.baseAddress, x.count, lower, upper - lower, Double(bins), Int64(stride), offsets.baseAddress)
            }
        case .regular(let bins, let lower, let upper, let underflow, let overflow, let circular):
            let contributions = Self.contributions(bins: bins, underflow: underflow, overflow: overflow, stride: stride)
            let width = upper - lower
            let count = Double(bins)
            contributions.withUnsafeBufferPointer { contributions in
                if circular {
                    for i in 0..<x.count {
                        let z = (x[i] - lower) / width
                        let bin = z.isFinite ? Swift.min(Int((z - z.rounded(.down)) * count), bins) : bins
                        offsets[i] &+= contributions[bin + 1]
                    }
                } else if overflow {
                    // z < 0 ⇔ z·bins < 0 and z ≥ 1 ⇒ z·bins ≥ bins, so clamping z·bins picks the same bin
                    // as boost-histogram's tests on z, without branches.
                    for i in 0..<x.count {
                        let z = (x[i] - lower) / width
                        var scaled = z * count
                        scaled = scaled < count ? scaled : count
                        scaled = scaled >= 0 ? scaled : -1
                        offsets[i] &+= contributions[Int(scaled) + 1]
                    }
                } else {
                    for i in 0..<x.count {
                        let z = (x[i] - lower) / width
                        let bin = z < 1 ? (z >= 0 ? Swift.min(Int(z * count), bins) : -1) : (z == 1 ? bins - 1 : bins)
                        offsets[i] &+= contributions[bin + 1]
                    }
                }
            }
        case .variable(let edges, let underflow, let overflow, let circular):
            let bins = edges.count - 1
            let contributions = Self.contributions(bins: bins, underflow: underflow, overflow: overflow, stride: stride)
            let (first, last) = (edges[0], edges[bins])
            let search = EdgeSearch(edges)
            contributions.withUnsafeBufferPointer { contributions in
                for i in 0..<x.count {
                    var value = x[i]
                    if circular { value -= ((value - first) / (last - first)).rounded(.down) * (last - first) }
                    let bin = search.upperBound(value) - 1
                    offsets[i] &+= contributions[bin == bins && !overflow && value == last ? bins : bin + 1]
                }
            }
        case .integerCategory(let categories, let flow, _):
            let unknown = flow ? categories.count * stride : Self.dropped
            for i in 0..<x.count {
                let bin = Int(exactly: x[i]).flatMap { lookup[$0] }
                offsets[i] &+= bin.map { $0 * stride } ?? unknown
            }
        case .boolean:
            for i in 0..<x.count { offsets[i] &+= x[i] != 0 ? stride : 0 }
        case .stringCategory:
            preconditionFailure("string category axes take one value per fill, not an array")
        }
    }
}
