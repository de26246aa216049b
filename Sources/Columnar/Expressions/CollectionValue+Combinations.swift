// Columnar layer: k-combinations of a collection's objects (`combinations(JetGood, 3)`) — the members
// of each combination, the four-vector sum of its members, and the fields computed from them, for
// every combination or only for the ones an expression picks (`Trijet[best].pt`).

extension CollectionValue {
    /// Every k-combination (k = 2 or 3) of each event's objects, in order (0,1), (0,2), … (1,2), ….
    func combinations(_ k: Int, type: CollectionType) -> CollectionValue {
        let events = offsets.count - 1
        var counts = [Int32](repeating: 0, count: events)
        var total = 0
        for event in 0..<events {
            let count = Self.binomial(Int(offsets[event + 1] - offsets[event]), k)
            counts[event] = Int32(truncatingIfNeeded: count)
            total += count
        }
        let members = k == 2 ? pairs(total) : triplets(total)
        return CollectionValue(
            type: type, offsets: Offsets.from(counts: counts), source: .combinations(self, members: members))
    }

    /// The members of every pair of each event's objects: `total` pairs, one array per slot.
    private func pairs(_ total: Int) -> [[Int32]] {
        var second: [Int32] = []
        let first = [Int32](unsafeUninitializedCapacity: total) { first, count in
            second = [Int32](unsafeUninitializedCapacity: total) { second, count in
                offsets.withUnsafeBufferPointer { offsets in
                    var row = 0
                    for event in 0..<offsets.count - 1 {
                        let end = offsets[event + 1]
                        for a in offsets[event]..<end {
                            for b in a + 1..<end {
                                first[row] = a
                                second[row] = b
                                row += 1
                            }
                        }
                    }
                }
                count = total
            }
            count = total
        }
        return [first, second]
    }

    /// The members of every triplet of each event's objects: `total` triplets, one array per slot.
    private func triplets(_ total: Int) -> [[Int32]] {
        var second: [Int32] = []
        var third: [Int32] = []
        let first = [Int32](unsafeUninitializedCapacity: total) { first, count in
            second = [Int32](unsafeUninitializedCapacity: total) { second, count in
                third = [Int32](unsafeUninitializedCapacity: total) { third, count in
                    offsets.withUnsafeBufferPointer { offsets in
                        var row = 0
                        for event in 0..<offsets.count - 1 {
                            let end = offsets[event + 1]
                            for a in offsets[event]..<end {
                                for b in a + 1..<end {
                                    for c in b + 1..<end {
                                        first[row] = a
                                        second[row] = b
                                        third[row] = c
                                        row += 1
                                    }
                                }
                            }
                        }
                    }
                    count = total
                }
                count = total
            }
            count = total
        }
        return [first, second, third]
    }

    /// n choose k (0 when n < k).
    private static func binomial(_ n: Int, _ k: Int) -> Int {
        guard n >= k else { return 0 }
        var result = 1
        for step in 0..<k { result = result * (n - step) / (step + 1) }
        return result
    }

    /// A kinematic field (pt, eta, phi, mass) of each combination, from the sum of its members, in one
    /// pass that keeps no sums: for every combination of a chunk the four sum arrays were ~4× the
    /// memory traffic of the field itself.
    private static func kinematicField(_ field: String, parent: CollectionValue, members: [[Int32]]) throws
        -> [Double]
    {
        let parts = try parent.components()
        return try [Double](unsafeUninitializedCapacity: members[0].count) { values, count in
            switch field {
            case "pt": forEachSum(parts, members) { row, x, y, _, _ in values[row] = FourVectors.pt(x, y) }
            case "eta": forEachSum(parts, members) { row, x, y, z, _ in values[row] = FourVectors.eta(x, y, z) }
            case "phi": forEachSum(parts, members) { row, x, y, _, _ in values[row] = FourVectors.phi(x, y) }
            case "mass":
                forEachSum(parts, members) { row, x, y, z, e in values[row] = FourVectors.mass(x, y, z, e) }
            default: throw EvaluationError("combinations have no field '\(field)'")
            }
            count = members[0].count
        }
    }

    /// Hands `body` each row's four-vector sum of its members (two or three), added from 0 in slot order.
    @inline(__always)
    private static func forEachSum(
        _ parts: FourVectors, _ members: [[Int32]], _ body: (Int, Double, Double, Double, Double) -> Void
    ) {
        parts.px.withUnsafeBufferPointer { px in
            parts.py.withUnsafeBufferPointer { py in
                parts.pz.withUnsafeBufferPointer { pz in
                    parts.energy.withUnsafeBufferPointer { energy in
                        members[0].withUnsafeBufferPointer { first in
                            members[1].withUnsafeBufferPointer { second in
                                if members.count > 2 {
                                    members[2].withUnsafeBufferPointer { third in
                                        for row in 0..<first.count {
                                            let (a, b, c) = (Int(first[row]), Int(second[row]), Int(third[row]))
                                            body(
                                                row, 0 + px[a] + px[b] + px[c], 0 + py[a] + py[b] + py[c],
                                                0 + pz[a] + pz[b] + pz[c], 0 + energy[a] + energy[b] + energy[c])
                                        }
                                    }
                                } else {
                                    for row in 0..<first.count {
                                        let (a, b) = (Int(first[row]), Int(second[row]))
                                        body(
                                            row, 0 + px[a] + px[b], 0 + py[a] + py[b], 0 + pz[a] + pz[b],
                                            0 + energy[a] + energy[b])
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Fields of a combination: the kinematics of the summed members, or `max_`, `min_`, `sum_` of a
    /// member field.
    func combinationField(_ field: String, parent: CollectionValue, members: [[Int32]]) throws -> [Double] {
        if let values = try memberField(field, parent: parent, members: members) { return values }
        return try Self.kinematicField(field, parent: parent, members: members)
    }

    /// A field of the combinations at `rows` (a row of -1 gives NaN), computed for those rows only.
    func combinationField(_ field: String, parent: CollectionValue, members: [[Int32]], rows: [Int32]) throws
        -> [Double]
    {
        let kept = rows.filter { $0 >= 0 }
        let chosen = members.map { slot in kept.map { slot[Int($0)] } }
        let values =
            try memberField(field, parent: parent, members: chosen)
            ?? Self.kinematicField(field, parent: parent, members: chosen)
        var slot = 0
        return rows.map { row in
            guard row >= 0 else { return .nan }
            defer { slot += 1 }
            return values[slot]
        }
    }

    /// The `member0`… fields (each member's position in its event) and `max_`, `min_`, `sum_` of a
    /// member field; `nil` for the kinematic fields.
    private func memberField(_ field: String, parent: CollectionValue, members: [[Int32]]) throws -> [Double]? {
        if field.hasPrefix("member"), let slot = Int(field.dropFirst("member".count)), members.indices.contains(slot) {
            let local = try parent.numbers("index")
            return members[slot].map { local[Int($0)] }
        }
        for prefix in ["max_", "min_", "sum_"] where field.hasPrefix(prefix) {
            let values = try parent.numbers(String(field.dropFirst(prefix.count)))
            switch prefix {
            case "max_": return Self.reduce(values, members) { max($0, $1) }
            case "min_": return Self.reduce(values, members) { min($0, $1) }
            default: return Self.reduce(values, members) { $0 + $1 }
            }
        }
        return nil
    }

    /// `values` of each row's first member, combined with those of the next members in slot order.
    @inline(__always)
    private static func reduce(_ values: [Double], _ members: [[Int32]], _ combine: (Double, Double) -> Double)
        -> [Double]
    {
        var result = members[0].map { values[Int($0)] }
        values.withUnsafeBufferPointer { values in
            result.withUnsafeMutableBufferPointer { result in
                for slot in members.dropFirst() {
                    slot.withUnsafeBufferPointer { slot in
                        for index in 0..<slot.count { result[index] = combine(result[index], values[Int(slot[index])]) }
                    }
                }
            }
        }
        return result
    }
}
