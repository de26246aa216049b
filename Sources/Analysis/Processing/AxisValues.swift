// Analysis layer: a histogram axis's values over one chunk, and the entries they give a fill — one per
// selected event, or one per object of the selected events, each with its event's weight.

import Columnar

/// One axis's values over a chunk: one per event, or a list per event.
enum AxisValues {
    case perEvent([Double])
    case perObject(Jagged<Double>)

    init(_ value: Value, count: Int) throws {
        switch value {
        case .jaggedNumbers(let jagged): self = .perObject(jagged)
        case .jaggedBooleans(let jagged): self = .perObject(jagged.with(jagged.content.map { $0 ? 1 : 0 }))
        default: self = .perEvent(try value.eventNumbers(count: count))
        }
    }

    /// The histogram entries of the events in `mask`: per-event axes give one entry per event, list
    /// axes one per object (with its event's weight; per-event axes are repeated for each object).
    ///
    /// The first list axis sets the objects; a value past the end of an axis's array is NaN, and a
    /// weight past the end of `weights` is 0. A `nil` mask takes all `count` events. The entries' weights
    /// are `nil` when every event weighs 1.
    static func entries(_ axes: [AxisValues], mask given: [Bool]?, count: Int, weights: EventWeights)
        -> ([[Double]], [Double]?)
    {
        let selection = Selection(mask: given, count: given?.count ?? count)
        let every = given.map { !$0.contains(false) } ?? true
        let weights: [Double]? = if case .values(let values) = weights { values } else { nil }
        let shape = axes.lazy.compactMap { axis -> Jagged<Double>? in
            if case .perObject(let values) = axis { return values }
            return nil
        }.first
        guard let shape else {
            let events =
                given.flatMap { every ? nil : Positions.list(Masks.truePositions($0)) } ?? .all(selection.count)
            let values = axes.map { axis -> [Double] in
                switch axis {
                case .perEvent(let numbers): return gather(numbers, events, fill: .nan)
                case .perObject(let list): return gather(list.content, events, fill: .nan)
                }
            }
            return (values, weights.map { gather($0, events, fill: 0) })
        }
        let offsets = shape.offsets
        // Every object of every event, from the first: the objects are the content itself.
        let objects =
            every && offsets.count == selection.count + 1 && offsets.first == 0
            ? Positions.all(Int(offsets.last ?? 0)) : .list(objectsOf(selection, offsets))
        let values = axes.map { axis -> [Double] in
            switch axis {
            case .perEvent(let numbers): return repeated(numbers, selection, offsets, fill: .nan)
            case .perObject(let list): return gather(list.content, objects, fill: .nan)
            }
        }
        return (values, weights.map { repeated($0, selection, offsets, fill: 0) })
    }

    /// The events entries are taken from: those whose mask is true, or all `count` without a mask.
    private struct Selection {
        let mask: [Bool]?
        let count: Int

        @inline(__always) func contains(_ event: Int) -> Bool { mask?[event] ?? true }
    }

    /// Which positions of a source an entry takes: the first `count` in order, or a list.
    private enum Positions {
        case all(Int)
        case list([Int32])
    }

    /// The content positions of the objects of the selected events.
    private static func objectsOf(_ selection: Selection, _ offsets: [Int32]) -> [Int32] {
        let total = selectedObjects(selection, offsets)
        return offsets.withUnsafeBufferPointer { offsets in
            [Int32](unsafeUninitializedCapacity: total) { target, count in
                var slot = 0
                for event in 0..<selection.count where selection.contains(event) {
                    for object in offsets[event]..<offsets[event + 1] {
                        target[slot] = object
                        slot += 1
                    }
                }
                count = slot
            }
        }
    }

    /// The number of objects of the selected events.
    private static func selectedObjects(_ selection: Selection, _ offsets: [Int32]) -> Int {
        guard selection.mask != nil else { return Int(offsets[selection.count] - offsets[0]) }
        return offsets.withUnsafeBufferPointer { offsets in
            var total = 0
            for event in 0..<selection.count where selection.contains(event) {
                total += Int(offsets[event + 1] - offsets[event])
            }
            return total
        }
    }

    /// `source[event]` once per object of each selected event; `fill` past the end of `source`.
    private static func repeated(_ source: [Double], _ selection: Selection, _ offsets: [Int32], fill: Double)
        -> [Double]
    {
        let total = selectedObjects(selection, offsets)
        // One value for every event (a constant weight, such as lumi × XS alone): filled at once.
        if let first = source.first, source.count >= selection.count, !source.contains(where: { $0 != first }) {
            return Array(repeating: first, count: total)
        }
        return source.withUnsafeBufferPointer { source in
            offsets.withUnsafeBufferPointer { offsets in
                [Double](unsafeUninitializedCapacity: total) { target, count in
                    var slot = 0
                    for event in 0..<selection.count where selection.contains(event) {
                        let value = event < source.count ? source[event] : fill
                        for _ in offsets[event]..<offsets[event + 1] {
                            target[slot] = value
                            slot += 1
                        }
                    }
                    count = slot
                }
            }
        }
    }

    /// `source[position]` for each position; `fill` past the end of `source`.
    private static func gather(_ source: [Double], _ positions: Positions, fill: Double) -> [Double] {
        switch positions {
        case .all(let count):
            if source.count == count { return source }
            return [Double](unsafeUninitializedCapacity: count) { target, initialized in
                for slot in 0..<count { target[slot] = slot < source.count ? source[slot] : fill }
                initialized = count
            }
        case .list(let positions):
            return source.withUnsafeBufferPointer { source in
                positions.withUnsafeBufferPointer { positions in
                    [Double](unsafeUninitializedCapacity: positions.count) { target, count in
                        for slot in 0..<positions.count {
                            let position = Int(positions[slot])
                            target[slot] = position < source.count ? source[position] : fill
                        }
                        count = positions.count
                    }
                }
            }
        }
    }
}
