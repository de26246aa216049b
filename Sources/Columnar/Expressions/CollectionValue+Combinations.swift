// Columnar layer: k-combinations of a collection's objects (`combinations(JetGood, 3)`) — the four-vector
// sum of each combination's members and the fields computed from them, for every combination or only for
// the ones an expression picks (`Trijet[best].pt`).
//
// Each combination's members are found once, walking each event's objects in nested loops in combination
// order (0,1), (0,2), … (1,2), …, and kept as one array per slot; every field is then a flat loop over
// them, with no branch on where an event ends. The walk mispredicts the end of each event's short loops,
// so walking once instead of once per field made the trilepton query 6% faster and the dimuon-pair one 5%
// (a `where` on pairs reads three member fields). A block of events is small enough (ChunkProcessor) that
// the member arrays stay in cache: for the trijet query they add 1.6 MB to the peak. Chosen combinations (a
// subset of them) have their fields computed for themselves only.

extension CollectionValue {
    /// Every k-combination (k = 2 or 3) of each event's objects.
    func combinations(_ k: Int, type: CollectionType) -> CollectionValue {
        precondition(k == 2 || k == 3, "combinations of \(k) objects")
        let events = offsets.count - 1
        var counts = [Int32](repeating: 0, count: events)
        for event in 0..<events {
            counts[event] = Int32(truncatingIfNeeded: Self.binomial(Int(offsets[event + 1] - offsets[event]), k))
        }
        return CollectionValue(
            type: type, offsets: Offsets.from(counts: counts), source: .combinations(self, size: k))
    }

    /// n choose k for k = 2 or 3, by formulas that give 0 for n < k: no branch on the event's objects and
    /// no division by a variable (a loop of divisions cost ~5 ms per million events).
    private static func binomial(_ n: Int, _ k: Int) -> Int {
        k == 2 ? n * (n - 1) / 2 : n * (n - 1) * (n - 2) / 6
    }

    /// A field of every combination, or (`rows`) of the combinations at those positions, -1 giving NaN:
    /// the kinematics of the summed members, `memberN` (each member's position in its event) or `max_`,
    /// `min_`, `sum_` of a member field.
    func combinationField(_ field: String, parent: CollectionValue, size: Int, rows: [Int32]? = nil) throws
        -> [Double]
    {
        let members = combinationMembers(parent: parent, size: size)
        if let (values, reduction) = try memberValues(field, parent: parent) {
            return values.withUnsafeBufferPointer { values in
                // One loop per reduction, so that each is inlined into it.
                switch reduction {
                case .max: Self.gather(members, rows) { a, b, c in Self.reduce(values, a, b, c) { max($0, $1) } }
                case .min: Self.gather(members, rows) { a, b, c in Self.reduce(values, a, b, c) { min($0, $1) } }
                case .sum: Self.gather(members, rows) { a, b, c in Self.reduce(values, a, b, c) { $0 + $1 } }
                }
            }
        }
        if let slot = Self.memberSlot(field, size: size) {
            return try parent.numbers("index").withUnsafeBufferPointer { local in
                Self.gather(members, rows) { a, b, c in local[slot == 0 ? a : slot == 1 ? b : c] }
            }
        }
        let parts = try parent.components()
        return try parts.px.withUnsafeBufferPointer { px in
            try parts.py.withUnsafeBufferPointer { py in
                try parts.pz.withUnsafeBufferPointer { pz in
                    try parts.energy.withUnsafeBufferPointer { energy in
                        // The members' sum, added from 0 in slot order; one loop per field, so that each formula
                        // is inlined into it.
                        @inline(__always) func summed(
                            _ formula: (Double, Double, Double, Double) -> Double
                        ) -> [Double] {
                            Self.gather(members, rows) { a, b, c in
                                let (x, y, z, e) = (
                                    0 + px[a] + px[b], 0 + py[a] + py[b], 0 + pz[a] + pz[b], 0 + energy[a] + energy[b]
                                )
                                return c < 0
                                    ? formula(x, y, z, e) : formula(x + px[c], y + py[c], z + pz[c], e + energy[c])
                            }
                        }
                        switch field {
                        case "pt": return summed { x, y, _, _ in FourVectors.pt(x, y) }
                        case "eta": return summed { x, y, z, _ in FourVectors.eta(x, y, z) }
                        case "phi": return summed { x, y, _, _ in FourVectors.phi(x, y) }
                        case "mass": return summed { x, y, z, e in FourVectors.mass(x, y, z, e) }
                        default: throw EvaluationError("combinations have no field '\(field)'")
                        }
                    }
                }
            }
        }
    }

    /// Each combination's members: their positions in the parent, slot by slot, from one walk over the
    /// events (computed once per collection).
    private func combinationMembers(parent: CollectionValue, size: Int) -> CombinationMembers {
        if let memberCache { return memberCache }
        let rows = total
        var members = CombinationMembers(first: [], second: [], third: [])
        members.first = [Int32](unsafeUninitializedCapacity: rows) { first, firstCount in
            members.second = [Int32](unsafeUninitializedCapacity: rows) { second, secondCount in
                members.third = [Int32](unsafeUninitializedCapacity: size == 3 ? rows : 0) { third, thirdCount in
                    Self.forEachCombination(parent.offsets, size) { row, a, b, c in
                        first[row] = Int32(truncatingIfNeeded: a)
                        second[row] = Int32(truncatingIfNeeded: b)
                        if c >= 0 { third[row] = Int32(truncatingIfNeeded: c) }
                    }
                    thirdCount = size == 3 ? rows : 0
                }
                secondCount = rows
            }
            firstCount = rows
        }
        memberCache = members
        return members
    }

    /// `value(a, b, c)` of the members of every combination, or of those at `rows` (NaN for -1); c is -1
    /// for pairs. A loop per case, each without a branch on the data.
    @inline(__always)
    private static func gather(
        _ members: CombinationMembers, _ rows: [Int32]?, _ value: (Int, Int, Int) -> Double
    ) -> [Double] {
        members.first.withUnsafeBufferPointer { first in
            members.second.withUnsafeBufferPointer { second in
                members.third.withUnsafeBufferPointer { third in
                    let triplets = !third.isEmpty
                    guard let rows else {
                        return [Double](unsafeUninitializedCapacity: first.count) { target, count in
                            if triplets {
                                for row in 0..<first.count {
                                    target[row] = value(Int(first[row]), Int(second[row]), Int(third[row]))
                                }
                            } else {
                                for row in 0..<first.count {
                                    target[row] = value(Int(first[row]), Int(second[row]), -1)
                                }
                            }
                            count = first.count
                        }
                    }
                    return rows.withUnsafeBufferPointer { rows in
                        [Double](unsafeUninitializedCapacity: rows.count) { target, count in
                            for index in 0..<rows.count {
                                let row = Int(rows[index])
                                precondition(row < first.count, "combination \(row) of \(first.count)")
                                target[index] =
                                    row < 0
                                    ? .nan : value(Int(first[row]), Int(second[row]), triplets ? Int(third[row]) : -1)
                            }
                            count = rows.count
                        }
                    }
                }
            }
        }
    }

    /// The members' `values` combined in slot order (c = -1 for pairs).
    @inline(__always)
    private static func reduce(
        _ values: UnsafeBufferPointer<Double>, _ a: Int, _ b: Int, _ c: Int, _ combine: (Double, Double) -> Double
    ) -> Double {
        let pair = combine(values[a], values[b])
        return c < 0 ? pair : combine(pair, values[c])
    }

    /// The slot of a `memberN` field (N below the combination size), else nil.
    private static func memberSlot(_ field: String, size: Int) -> Int? {
        guard field.hasPrefix("member"), let slot = Int(field.dropFirst("member".count)), (0..<size).contains(slot)
        else { return nil }
        return slot
    }

    /// The reductions of the `max_`, `min_` and `sum_` fields.
    private enum MemberReduction: String, CaseIterable {
        case max, min, sum
    }

    /// For `max_`, `min_` and `sum_` fields: the member field's values and their reduction.
    private func memberValues(_ field: String, parent: CollectionValue) throws -> ([Double], MemberReduction)? {
        for reduction in MemberReduction.allCases where field.hasPrefix(reduction.rawValue + "_") {
            return (try parent.numbers(String(field.dropFirst(reduction.rawValue.count + 1))), reduction)
        }
        return nil
    }

    /// Hands `body` each combination's row and its members' positions in the parent (c = -1 for pairs),
    /// in combination order.
    @inline(__always)
    private static func forEachCombination(_ offsets: [Int32], _ size: Int, _ body: (Int, Int, Int, Int) -> Void) {
        var row = 0
        for event in 0..<offsets.count - 1 {
            let end = Int(offsets[event + 1])
            for a in Int(offsets[event])..<end {
                for b in a + 1..<end {
                    if size == 2 {
                        body(row, a, b, -1)
                        row += 1
                        continue
                    }
                    for c in b + 1..<end {
                        body(row, a, b, c)
                        row += 1
                    }
                }
            }
        }
    }
}

/// The members of every combination of a collection: their positions in its parent, slot by slot
/// (`third` is empty for pairs).
struct CombinationMembers {
    var first: [Int32]
    var second: [Int32]
    var third: [Int32]
}
