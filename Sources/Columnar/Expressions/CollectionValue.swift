// Columnar layer: a collection of objects over the events of a frame — NanoAOD branches (`Muon`), a
// subset chosen by a per-object mask (`MuonGood`), or k-combinations (`combinations(JetGood, 3)`).
// Fields are computed on first use and cached.

/// The objects of each event, and their fields.
public final class CollectionValue {
    enum Source {
        case branches(EventFrame, prefix: String)
        case subset(CollectionValue, indices: [Int32])
        case combinations(CollectionValue, members: [[Int32]])
        /// Each event's objects of the first collection, then those of the second: (second?, index).
        case concatenation(CollectionValue, CollectionValue, picks: [(second: Bool, index: Int32)])
    }

    public let type: CollectionType
    /// `events + 1` offsets into the objects.
    public let offsets: [Int32]
    let source: Source
    private var numberCache: [String: [Double]] = [:]
    private var booleanCache: [String: [Bool]] = [:]
    private var componentCache: FourVectors?
    private var summedCache: FourVectors?

    init(type: CollectionType, offsets: [Int32], source: Source) {
        self.type = type
        self.offsets = offsets
        self.source = source
    }

    /// The number of objects in all events.
    var total: Int { Int(offsets.last ?? 0) }

    /// A numeric field, one value per object. Every collection also has `index`, each object's
    /// position in its event.
    func numbers(_ field: String) throws -> [Double] {
        if let cached = numberCache[field] { return cached }
        let values: [Double]
        if field == "index" {
            values = [Double](unsafeUninitializedCapacity: total) { target, count in
                for event in 0..<offsets.count - 1 {
                    let first = Int(offsets[event])
                    for object in first..<Int(offsets[event + 1]) { target[object] = Double(object - first) }
                }
                count = total
            }
            numberCache[field] = values
            return values
        }
        switch source {
        case .branches(let frame, let prefix):
            values = try frame.jaggedNumbers(prefix + "_" + field).content
        case .subset(let parent, let indices):
            values = EventFrame.restrict(try parent.numbers(field), indices)
        case .combinations(let parent, let members):
            values = try combinationField(field, parent: parent, members: members)
        case .concatenation(let first, let second, let picks):
            if field == "source" {
                values = picks.map { $0.second ? 1 : 0 }
            } else {
                let (a, b) = (try first.numbers(field), try second.numbers(field))
                values = a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        picks.map { $0.second ? b[Int($0.index)] : a[Int($0.index)] }
                    }
                }
            }
        }
        numberCache[field] = values
        return values
    }

    /// A boolean field, one value per object.
    func booleans(_ field: String) throws -> [Bool] {
        if let cached = booleanCache[field] { return cached }
        let values: [Bool]
        switch source {
        case .branches(let frame, let prefix):
            values = try frame.jaggedBooleans(prefix + "_" + field).content
        case .subset(let parent, let indices):
            values = EventFrame.restrict(try parent.booleans(field), indices)
        case .combinations:
            throw EvaluationError("combinations have no boolean field '\(field)'")
        case .concatenation(let first, let second, let picks):
            let (a, b) = (try first.booleans(field), try second.booleans(field))
            values = picks.map { $0.second ? b[Int($0.index)] : a[Int($0.index)] }
        }
        booleanCache[field] = values
        return values
    }

    /// The objects whose mask value is true.
    func subset(_ mask: [Bool], name: String) -> CollectionValue {
        let events = offsets.count - 1
        var counts = [Int32](repeating: 0, count: events)
        let indices = [Int32](unsafeUninitializedCapacity: mask.count) { target, kept in
            var slot = 0
            mask.withUnsafeBufferPointer { mask in
                offsets.withUnsafeBufferPointer { offsets in
                    counts.withUnsafeMutableBufferPointer { counts in
                        // Branch-free: every index is written, and kept only when its mask is true.
                        for event in 0..<events {
                            let start = slot
                            for index in Int(offsets[event])..<Int(offsets[event + 1]) {
                                target[slot] = Int32(truncatingIfNeeded: index)
                                slot &+= mask[index] ? 1 : 0
                            }
                            counts[event] = Int32(truncatingIfNeeded: slot - start)
                        }
                    }
                }
            }
            kept = slot
        }
        var type = self.type
        type.name = name
        type.origin = .subset
        return CollectionValue(
            type: type, offsets: Offsets.from(counts: counts), source: .subset(self, indices: indices))
    }

    /// Every k-combination of each event's objects, in order (0,1), (0,2), … (1,2), ….
    func combinations(_ k: Int, type: CollectionType) -> CollectionValue {
        let events = offsets.count - 1
        var counts = [Int32](repeating: 0, count: events)
        var total = 0
        for event in 0..<events {
            let count = Self.binomial(Int(offsets[event + 1] - offsets[event]), k)
            counts[event] = Int32(truncatingIfNeeded: count)
            total += count
        }
        // Slot s of combination r goes to flat[s * total + r]; one slice per slot after.
        var choice = [Int](repeating: 0, count: k)
        let flat = [Int32](unsafeUninitializedCapacity: k * total) { target, initialized in
            var row = 0
            for event in 0..<events where counts[event] > 0 {
                let first = Int(offsets[event])
                let count = Int(offsets[event + 1]) - first
                for slot in 0..<k { choice[slot] = slot }
                while true {
                    for slot in 0..<k { target[slot * total + row] = Int32(truncatingIfNeeded: first + choice[slot]) }
                    row += 1
                    var slot = k - 1
                    while slot >= 0 && choice[slot] == count - k + slot { slot -= 1 }
                    if slot < 0 { break }
                    choice[slot] += 1
                    for next in slot + 1..<k { choice[next] = choice[next - 1] + 1 }
                }
            }
            initialized = k * total
        }
        let members = (0..<k).map { Array(flat[$0 * total..<($0 + 1) * total]) }
        return CollectionValue(
            type: type, offsets: Offsets.from(counts: counts), source: .combinations(self, members: members))
    }

    /// n choose k (0 when n < k).
    private static func binomial(_ n: Int, _ k: Int) -> Int {
        guard n >= k else { return 0 }
        var result = 1
        for step in 0..<k { result = result * (n - step) / (step + 1) }
        return result
    }

    /// Each event's objects of `self`, then those of `other` (fields common to both, plus `source`:
    /// 0 for objects of `self`, 1 for those of `other`).
    func concatenated(with other: CollectionValue, type: CollectionType) -> CollectionValue {
        var picks: [(second: Bool, index: Int32)] = []
        var counts = [Int32](repeating: 0, count: offsets.count - 1)
        for event in 0..<offsets.count - 1 {
            for index in offsets[event]..<offsets[event + 1] { picks.append((false, index)) }
            for index in other.offsets[event]..<other.offsets[event + 1] { picks.append((true, index)) }
            counts[event] = offsets[event + 1] - offsets[event] + other.offsets[event + 1] - other.offsets[event]
        }
        return CollectionValue(
            type: type, offsets: Offsets.from(counts: counts), source: .concatenation(self, other, picks: picks))
    }

    /// Four-vector components of every object (computed once).
    func components() throws -> FourVectors {
        if let cached = componentCache { return cached }
        let made = FourVectors(
            pt: try numbers("pt"), eta: try numbers("eta"), phi: try numbers("phi"), mass: try numbers("mass"))
        componentCache = made
        return made
    }

    /// The four-vector sum of each combination's members (computed once).
    private func summedMembers(parent: CollectionValue, members: [[Int32]]) throws -> FourVectors {
        if let cached = summedCache { return cached }
        let parts = try parent.components()
        let count = members.first?.count ?? 0
        func total(_ component: [Double]) -> [Double] {
            var sum = [Double](repeating: 0, count: count)
            component.withUnsafeBufferPointer { component in
                sum.withUnsafeMutableBufferPointer { sum in
                    for slot in members {
                        slot.withUnsafeBufferPointer { slot in
                            for index in 0..<count { sum[index] += component[Int(slot[index])] }
                        }
                    }
                }
            }
            return sum
        }
        let sum = FourVectors(
            px: total(parts.px), py: total(parts.py), pz: total(parts.pz), energy: total(parts.energy))
        summedCache = sum
        return sum
    }

    /// Fields of a combination: the kinematics of the summed members, or `max_`, `min_`, `sum_` of a
    /// member field.
    private func combinationField(_ field: String, parent: CollectionValue, members: [[Int32]]) throws -> [Double] {
        if field.hasPrefix("member"), let slot = Int(field.dropFirst("member".count)), members.indices.contains(slot) {
            let local = try parent.numbers("index")
            return members[slot].map { local[Int($0)] }
        }
        for (prefix, reduce) in [
            ("max_", { (a: Double, b: Double) in max(a, b) }), ("min_", { (a: Double, b: Double) in min(a, b) }),
            ("sum_", { (a: Double, b: Double) in a + b }),
        ] where field.hasPrefix(prefix) {
            let values = try parent.numbers(String(field.dropFirst(prefix.count)))
            var result = members[0].map { values[Int($0)] }
            values.withUnsafeBufferPointer { values in
                result.withUnsafeMutableBufferPointer { result in
                    for slot in members.dropFirst() {
                        slot.withUnsafeBufferPointer { slot in
                            for index in 0..<slot.count {
                                result[index] = reduce(result[index], values[Int(slot[index])])
                            }
                        }
                    }
                }
            }
            return result
        }
        let sum = try summedMembers(parent: parent, members: members)
        switch field {
        case "pt": return sum.pt
        case "eta": return sum.eta
        case "phi": return sum.phi
        case "mass": return sum.mass
        default: throw EvaluationError("combinations have no field '\(field)'")
        }
    }
}
