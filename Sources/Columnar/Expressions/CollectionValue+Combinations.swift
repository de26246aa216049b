// Columnar layer: k-combinations of a collection's objects (`combinations(JetGood, 3)`) — the four-vector
// sum of each combination's members and the fields computed from them, for every combination or only for
// the ones an expression picks (`Trijet[best].pt`).
//
// The members are never stored: every combination's fields are computed walking each event's objects in
// nested loops, in combination order (0,1), (0,2), … (1,2), …, and the members of a picked combination
// follow from its place in its event. A chunk of events has ten times more triplets than jets, and the
// member arrays were three times the memory of a field.

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

    /// A field of every combination: the kinematics of the summed members, `memberN` (each member's
    /// position in its event) or `max_`, `min_`, `sum_` of a member field.
    func combinationField(_ field: String, parent: CollectionValue, size: Int) throws -> [Double] {
        let rows = total
        if let (values, reduction) = try memberValues(field, parent: parent) {
            // One loop per reduction, so that each is inlined into it.
            switch reduction {
            case .max: return Self.reduce(values, parent.offsets, size, rows) { max($0, $1) }
            case .min: return Self.reduce(values, parent.offsets, size, rows) { min($0, $1) }
            case .sum: return Self.reduce(values, parent.offsets, size, rows) { $0 + $1 }
            }
        }
        if let slot = Self.memberSlot(field, size: size) {
            let local = try parent.numbers("index")
            return [Double](unsafeUninitializedCapacity: rows) { target, count in
                Self.forEachCombination(parent.offsets, size) { row, a, b, c in
                    target[row] = local[slot == 0 ? a : slot == 1 ? b : c]
                }
                count = rows
            }
        }
        let (parts, offsets) = (try parent.components(), parent.offsets)
        return try [Double](unsafeUninitializedCapacity: rows) { values, count in
            // One loop per field, so that each formula is inlined into it.
            switch field {
            case "pt": Self.forEachSum(parts, offsets, size) { row, x, y, _, _ in values[row] = FourVectors.pt(x, y) }
            case "eta":
                Self.forEachSum(parts, offsets, size) { row, x, y, z, _ in values[row] = FourVectors.eta(x, y, z) }
            case "phi": Self.forEachSum(parts, offsets, size) { row, x, y, _, _ in values[row] = FourVectors.phi(x, y) }
            case "mass":
                Self.forEachSum(parts, offsets, size) { row, x, y, z, e in values[row] = FourVectors.mass(x, y, z, e) }
            default: throw EvaluationError("combinations have no field '\(field)'")
            }
            count = rows
        }
    }

    /// A field of the combinations at `rows`, one per event (-1: none, giving NaN), computed for those
    /// combinations only.
    func combinationField(_ field: String, parent: CollectionValue, size: Int, rows: [Int32]) throws -> [Double] {
        precondition(rows.count == offsets.count - 1, "\(rows.count) rows for \(offsets.count - 1) events")
        if let (values, reduction) = try memberValues(field, parent: parent) {
            return pick(rows, parent, size) { a, b, c in
                let pair = reduction.combine(values[a], values[b])
                return c < 0 ? pair : reduction.combine(pair, values[c])
            }
        }
        if let slot = Self.memberSlot(field, size: size) {
            let local = try parent.numbers("index")
            return pick(rows, parent, size) { a, b, c in local[slot == 0 ? a : slot == 1 ? b : c] }
        }
        let formula = try Self.kinematics(field)
        let parts = try parent.components()
        let (px, py, pz, energy) = (parts.px, parts.py, parts.pz, parts.energy)
        return pick(rows, parent, size) { a, b, c in
            // Added from 0 in slot order, as forEachSum adds them.
            guard c >= 0 else {
                return formula(0 + px[a] + px[b], 0 + py[a] + py[b], 0 + pz[a] + pz[b], 0 + energy[a] + energy[b])
            }
            return formula(
                0 + px[a] + px[b] + px[c], 0 + py[a] + py[b] + py[c], 0 + pz[a] + pz[b] + pz[c],
                0 + energy[a] + energy[b] + energy[c])
        }
    }

    /// `value(a, b, c)` of the members of each event's row (NaN for -1).
    private func pick(
        _ rows: [Int32], _ parent: CollectionValue, _ size: Int, _ value: (Int, Int, Int) -> Double
    ) -> [Double] {
        rows.indices.map { event in
            guard rows[event] >= 0 else { return .nan }
            let (a, b, c) = members(of: Int(rows[event]), event: event, parent: parent, size: size)
            return value(a, b, c)
        }
    }

    /// The positions in `parent` of the members of combination `row` of `event` (c = -1 for pairs).
    ///
    /// The combinations of an event's n objects starting with object a are C(n - 1 - a, k - 1) in number,
    /// so the members follow from the row's place among the event's combinations by counting them off.
    private func members(of row: Int, event: Int, parent: CollectionValue, size: Int) -> (Int, Int, Int) {
        let first = Int(parent.offsets[event])
        let objects = Int(parent.offsets[event + 1]) - first
        var rank = row - Int(offsets[event])
        precondition(
            (0..<Int(offsets[event + 1] - offsets[event])).contains(rank), "row \(row) is not in event \(event)")
        var a = 0
        while true {
            let rest = objects - 1 - a
            let starting = size == 2 ? rest : rest * (rest - 1) / 2
            if rank < starting { break }
            rank -= starting
            a += 1
        }
        guard size == 3 else { return (first + a, first + a + 1 + rank, -1) }
        var b = a + 1
        while rank >= objects - 1 - b {
            rank -= objects - 1 - b
            b += 1
        }
        return (first + a, first + b, first + b + 1 + rank)
    }

    /// `values` of each combination's first member, combined with those of the next members in slot order.
    @inline(__always)
    private static func reduce(
        _ values: [Double], _ offsets: [Int32], _ size: Int, _ rows: Int, _ combine: (Double, Double) -> Double
    ) -> [Double] {
        values.withUnsafeBufferPointer { values in
            [Double](unsafeUninitializedCapacity: rows) { target, count in
                forEachCombination(offsets, size) { row, a, b, c in
                    let pair = combine(values[a], values[b])
                    target[row] = c < 0 ? pair : combine(pair, values[c])
                }
                count = rows
            }
        }
    }

    /// The slot of a `memberN` field (N below the combination size), else nil.
    private static func memberSlot(_ field: String, size: Int) -> Int? {
        guard field.hasPrefix("member"), let slot = Int(field.dropFirst("member".count)), (0..<size).contains(slot)
        else { return nil }
        return slot
    }

    /// How the `max_`, `min_` and `sum_` fields combine their members' values.
    private enum MemberReduction: String, CaseIterable {
        case max, min, sum

        func combine(_ a: Double, _ b: Double) -> Double {
            switch self {
            case .max: Swift.max(a, b)
            case .min: Swift.min(a, b)
            case .sum: a + b
            }
        }
    }

    /// For `max_`, `min_` and `sum_` fields: the member field's values and their reduction.
    private func memberValues(_ field: String, parent: CollectionValue) throws -> ([Double], MemberReduction)? {
        for reduction in MemberReduction.allCases where field.hasPrefix(reduction.rawValue + "_") {
            return (try parent.numbers(String(field.dropFirst(reduction.rawValue.count + 1))), reduction)
        }
        return nil
    }

    /// The formula of a kinematic field from the summed (px, py, pz, E).
    private static func kinematics(_ field: String) throws -> (Double, Double, Double, Double) -> Double {
        switch field {
        case "pt": return { x, y, _, _ in FourVectors.pt(x, y) }
        case "eta": return { x, y, z, _ in FourVectors.eta(x, y, z) }
        case "phi": return { x, y, _, _ in FourVectors.phi(x, y) }
        case "mass": return { x, y, z, e in FourVectors.mass(x, y, z, e) }
        default: throw EvaluationError("combinations have no field '\(field)'")
        }
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

    /// Hands `body` each combination's row and four-vector sum of its members, added from 0 in slot order
    /// (the sum of the first two members is kept for every third).
    @inline(__always)
    private static func forEachSum(
        _ parts: FourVectors, _ offsets: [Int32], _ size: Int,
        _ body: (Int, Double, Double, Double, Double) -> Void
    ) {
        parts.px.withUnsafeBufferPointer { px in
            parts.py.withUnsafeBufferPointer { py in
                parts.pz.withUnsafeBufferPointer { pz in
                    parts.energy.withUnsafeBufferPointer { energy in
                        var row = 0
                        for event in 0..<offsets.count - 1 {
                            let end = Int(offsets[event + 1])
                            for a in Int(offsets[event])..<end {
                                for b in a + 1..<end {
                                    let (x, y, z, e) = (
                                        0 + px[a] + px[b], 0 + py[a] + py[b], 0 + pz[a] + pz[b],
                                        0 + energy[a] + energy[b]
                                    )
                                    if size == 2 {
                                        body(row, x, y, z, e)
                                        row += 1
                                        continue
                                    }
                                    for c in b + 1..<end {
                                        body(row, x + px[c], y + py[c], z + pz[c], e + energy[c])
                                        row += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
