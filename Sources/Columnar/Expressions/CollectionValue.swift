// Columnar layer: a collection of objects over the events of a frame — NanoAOD branches (`Muon`), a
// subset chosen by a per-object mask (`MuonGood`), or k-combinations (`combinations(JetGood, 3)`).
// Fields are computed on first use and cached.

/// The objects of each event, and their fields.
public final class CollectionValue {
    enum Source {
        case branches(EventFrame, prefix: String)
        case subset(CollectionValue, indices: [Int32])
        /// The k-combinations (k = `size`) of each event's objects, in order (0,1), (0,2), … (1,2), ….
        case combinations(CollectionValue, size: Int)
        /// Each event's objects of the first collection, then those of the second: for each object, its
        /// position in the first's objects followed by the second's (`first.total + index` for the second's).
        case concatenation(CollectionValue, CollectionValue, positions: [Int32])
    }

    public let type: CollectionType
    /// `events + 1` offsets into the objects.
    public let offsets: [Int32]
    let source: Source
    private var numberCache: [String: [Double]] = [:]
    private var booleanCache: [String: [Bool]] = [:]
    private var componentCache: FourVectors?
    /// For combinations: each combination's members (``combinationMembers(parent:size:)``).
    var memberCache: CombinationMembers?

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
            values = Self.positionsInEvents(offsets)
            numberCache[field] = values
            return values
        }
        switch source {
        case .branches(let frame, let prefix):
            values = try frame.jaggedNumbers(prefix + "_" + field).content
        case .subset(let parent, let indices):
            // A field of chosen combinations is computed for those only.
            if case .combinations(let objects, let size) = parent.source, parent.numberCache[field] == nil {
                values = try parent.combinationField(field, parent: objects, size: size, rows: indices)
            } else {
                values = EventFrame.restrict(try parent.numbers(field), indices)
            }
        case .combinations(let parent, let size):
            values = try combinationField(field, parent: parent, size: size)
        case .concatenation(let first, let second, let positions):
            if field == "source" {
                let boundary = Int32(truncatingIfNeeded: first.total)
                values = Elementwise.mapped(positions) { $0 >= boundary ? 1 : 0 }
            } else {
                values = EventFrame.restrict(
                    Self.joined(try first.numbers(field), first, try second.numbers(field)), positions)
            }
        }
        numberCache[field] = values
        return values
    }

    /// Each object's position in its event, in two flat passes: each event's start is marked at its first
    /// object, and a running maximum of the marks gives every object its event's start (offsets never
    /// decrease). A loop per event mispredicts the end of each event's few objects.
    private static func positionsInEvents(_ offsets: [Int32]) -> [Double] {
        let total = Int(offsets.last ?? 0)
        return offsets.withUnsafeBufferPointer { offsets in
            [Double](unsafeUninitializedCapacity: total) { target, count in
                target.initialize(repeating: 0)
                for event in 0..<offsets.count - 1 where offsets[event] < total {
                    target[Int(offsets[event])] = Double(offsets[event])
                }
                var start = 0.0
                for object in 0..<total {
                    start = Swift.max(start, target[object])
                    target[object] = Double(object) - start
                }
                count = total
            }
        }
    }

    /// A numeric field at `rows`: one object position per event, as an expression picks it (-1 gives NaN).
    ///
    /// A field not yet computed for every object of a combination collection (or of a subset of one)
    /// is computed for these rows only.
    func numbers(_ field: String, at rows: [Int32]) throws -> [Double] {
        // `index` is each object's position in its own collection: computed here, never by a parent.
        if numberCache[field] == nil, field != "index" {
            switch source {
            case .combinations(let parent, let size):
                return try combinationField(field, parent: parent, size: size, rows: rows)
            case .subset(let parent, let indices):
                return try parent.numbers(field, at: rows.map { $0 < 0 ? -1 : indices[Int($0)] })
            case .branches, .concatenation: break
            }
        }
        let values = try numbers(field)
        return rows.map { $0 < 0 ? .nan : values[Int($0)] }
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
        case .concatenation(let first, let second, let positions):
            values = EventFrame.restrict(
                Self.joined(try first.booleans(field), first, try second.booleans(field)), positions)
        }
        booleanCache[field] = values
        return values
    }

    /// The objects whose mask value is true.
    ///
    /// Two flat passes over the objects (``Masks``): the kept positions, and how many were kept before
    /// each object; each event's new offset is that count at its first object. Neither branches on the
    /// data (a loop per event mispredicts each event's end).
    func subset(_ mask: [Bool], name: String) -> CollectionValue {
        let events = offsets.count - 1
        let (first, end) = (Int(offsets.first ?? 0), Int(offsets.last ?? 0))
        let indices = Masks.truePositions(mask, from: first, to: end)
        let keptBefore = Masks.trueBefore(mask, from: first, to: end)
        let newOffsets = offsets.withUnsafeBufferPointer { offsets in
            keptBefore.withUnsafeBufferPointer { keptBefore in
                [Int32](unsafeUninitializedCapacity: events + 1) { target, count in
                    for event in 0...events { target[event] = keptBefore[Int(offsets[event]) - first] }
                    count = events + 1
                }
            }
        }
        var type = self.type
        type.name = name
        type.origin = .subset
        return CollectionValue(type: type, offsets: newOffsets, source: .subset(self, indices: indices))
    }

    /// Each event's objects of `self`, then those of `other` (fields common to both, plus `source`:
    /// 0 for objects of `self`, 1 for those of `other`).
    ///
    /// Every object's place in the joined collection is its event's start there, plus (for `other`'s)
    /// the event's objects of `self`, plus its place in its own event: flat passes over each side's
    /// objects, with no branch on where an event ends or which side an object comes from.
    func concatenated(with other: CollectionValue, type: CollectionType) -> CollectionValue {
        let events = offsets.count - 1
        let (mine, theirs) = (offsets, other.offsets)
        let joinedOffsets = [Int32](unsafeUninitializedCapacity: events + 1) { target, count in
            for event in 0...events { target[event] = (mine[event] - mine[0]) + (theirs[event] - theirs[0]) }
            count = events + 1
        }
        let boundary = Int32(truncatingIfNeeded: total)
        let positions = [Int32](unsafeUninitializedCapacity: Int(joinedOffsets[events])) { target, count in
            let (myParents, theirParents) = (Offsets.parents(mine), Offsets.parents(theirs))
            for object in Int(mine[0])..<Int(mine[events]) {
                let event = Int(myParents[object])
                target[Int(joinedOffsets[event] + Int32(truncatingIfNeeded: object) - mine[event])] =
                    Int32(truncatingIfNeeded: object)
            }
            for object in Int(theirs[0])..<Int(theirs[events]) {
                let event = Int(theirParents[object])
                let place =
                    joinedOffsets[event] + (mine[event + 1] - mine[event])
                    + (Int32(truncatingIfNeeded: object) - theirs[event])
                target[Int(place)] = boundary + Int32(truncatingIfNeeded: object)
            }
            count = Int(joinedOffsets[events])
        }
        return CollectionValue(
            type: type, offsets: joinedOffsets, source: .concatenation(self, other, positions: positions))
    }

    /// A field of `first`'s objects followed by the same field of the second collection's: the space
    /// the positions of a concatenation point into.
    private static func joined<T>(_ firstValues: [T], _ first: CollectionValue, _ secondValues: [T]) -> [T] {
        precondition(
            firstValues.count == first.total, "a field has \(firstValues.count) values for \(first.total) objects")
        return firstValues + secondValues
    }

    /// Four-vector components of every object (computed once).
    func components() throws -> FourVectors {
        if let cached = componentCache { return cached }
        let made = FourVectors(
            pt: try numbers("pt"), eta: try numbers("eta"), phi: try numbers("phi"), mass: try numbers("mass"))
        componentCache = made
        return made
    }
}
