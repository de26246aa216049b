// Columnar layer: the events an expression is evaluated on — the columns read for one chunk, or a
// block of its events, restricted to the events that passed the cuts so far. Branch values are
// restricted and converted in one pass (only the frame's events), on first use, and cached.

import ROOTIO

/// The columns of one chunk, possibly restricted to a subset of its events.
public final class EventFrame {
    /// The number of events in the frame.
    public let count: Int
    private let columns: [String: Column]
    /// The chunk's events the frame was made over: all of them, or a block.
    private let events: Range<Int>
    /// The chunk's event of each frame event; `nil` when the frame holds every event of `events`.
    private let selection: [Int32]?
    private var numberCache: [String: [Double]] = [:]
    private var booleanCache: [String: [Bool]] = [:]
    private var jaggedNumberCache: [String: Jagged<Double>] = [:]
    private var jaggedBooleanCache: [String: Jagged<Bool>] = [:]
    private var offsetCache: [String: [Int32]] = [:]
    /// Content positions and offsets of the frame's events per distinct offsets array (the branches of
    /// one collection share theirs).
    private var positionCache: [(offsets: [Int32], positions: [Int32], kept: [Int32])] = []
    /// The block's offsets and content range per distinct offsets array, for a frame over a block.
    private var blockCache: [(offsets: [Int32], kept: [Int32], content: Range<Int>)] = []

    /// A frame over every event of a chunk's columns.
    public convenience init(columns: [String: Column], entries: Int) {
        self.init(columns: columns, events: 0..<entries)
    }

    /// A frame over the chunk's events `events`: a block of a chunk is evaluated as a chunk of its own.
    public init(columns: [String: Column], events: Range<Int>) {
        self.columns = columns
        self.events = events
        count = events.count
        selection = nil
    }

    private init(columns: [String: Column], events: Range<Int>, selection: [Int32]) {
        self.columns = columns
        self.events = events
        self.selection = selection
        count = selection.count
    }

    /// The events of this frame for which `mask` is true.
    public func selecting(_ mask: [Bool]) -> EventFrame {
        EventFrame(
            columns: columns, events: events,
            selection: selection.map { Masks.compacted($0, by: mask) }
                ?? Masks.truePositions(mask, numberedFrom: events.lowerBound))
    }

    private func column(_ name: String) throws(EvaluationError) -> Column {
        guard let column = columns[name] else { throw EvaluationError("branch '\(name)' was not read") }
        return column
    }

    /// A flat branch as numbers.
    public func numbers(_ name: String) throws(EvaluationError) -> [Double] {
        if let cached = numberCache[name] { return cached }
        let values = try column(name).values
        let numbers = selection.map(values.doubles(at:)) ?? values.doubles(in: events)
        numberCache[name] = numbers
        return numbers
    }

    /// A flat boolean branch.
    public func booleans(_ name: String) throws(EvaluationError) -> [Bool] {
        if let cached = booleanCache[name] { return cached }
        guard case .bool(let all) = try column(name).values else {
            throw EvaluationError("branch '\(name)' is not boolean")
        }
        let values = restrict(all)
        booleanCache[name] = values
        return values
    }

    /// A jagged branch as numbers.
    public func jaggedNumbers(_ name: String) throws(EvaluationError) -> Jagged<Double> {
        if let cached = jaggedNumberCache[name] { return cached }
        let column = try column(name)
        guard let offsets = column.offsets else { throw EvaluationError("branch '\(name)' is not jagged") }
        let values: Jagged<Double>
        if let selection {
            let (positions, kept) = restricted(offsets, selection)
            values = Jagged(offsets: kept, content: column.values.doubles(at: positions))
        } else {
            let (kept, content) = block(offsets)
            values = Jagged(offsets: kept, content: column.values.doubles(in: content))
        }
        jaggedNumberCache[name] = values
        return values
    }

    /// A jagged boolean branch.
    public func jaggedBooleans(_ name: String) throws(EvaluationError) -> Jagged<Bool> {
        if let cached = jaggedBooleanCache[name] { return cached }
        let column = try column(name)
        guard let offsets = column.offsets, case .bool(let content) = column.values else {
            throw EvaluationError("branch '\(name)' is not a jagged boolean branch")
        }
        let values: Jagged<Bool>
        if let selection {
            let (positions, kept) = restricted(offsets, selection)
            values = Jagged(offsets: kept, content: Self.restrict(content, positions))
        } else {
            let (kept, range) = block(offsets)
            values = Jagged(offsets: kept, content: range == content.indices ? content : Array(content[range]))
        }
        jaggedBooleanCache[name] = values
        return values
    }

    /// The offsets of a collection, from its counter branch.
    public func counterOffsets(_ counter: String) throws(EvaluationError) -> [Int32] {
        if let cached = offsetCache[counter] { return cached }
        // Counter branches are integers: their counts are taken as they are, without going through doubles.
        let counts: [Int32]
        switch try column(counter).values {
        case .int32(let all): counts = restrict(all)
        case .uint32(let all): counts = restrict(all).map { Int32(truncatingIfNeeded: $0) }
        default: counts = try numbers(counter).map { Int32($0) }
        }
        let offsets = Offsets.from(counts: counts)
        offsetCache[counter] = offsets
        return offsets
    }

    /// The values of a flat branch at the frame's events.
    private func restrict<T>(_ values: [T]) -> [T] {
        if let selection { return Self.restrict(values, selection) }
        return events == values.indices ? values : Array(values[events])
    }

    /// The offsets of the frame's block of a jagged branch with `offsets` (starting at 0), and the range
    /// of its content they cover; computed once per distinct offsets array, so the branches of one
    /// collection share them.
    private func block(_ offsets: [Int32]) -> (offsets: [Int32], content: Range<Int>) {
        if events.count == offsets.count - 1 { return (offsets, 0..<Int(offsets[events.count])) }
        if let cached = blockCache.first(where: { $0.offsets == offsets }) { return (cached.kept, cached.content) }
        let first = offsets[events.lowerBound]
        let kept = offsets.withUnsafeBufferPointer { offsets in
            [Int32](unsafeUninitializedCapacity: events.count + 1) { target, count in
                for index in 0...events.count { target[index] = offsets[events.lowerBound + index] &- first }
                count = events.count + 1
            }
        }
        let content = Int(first)..<Int(offsets[events.upperBound])
        blockCache.append((offsets, kept, content))
        return (kept, content)
    }

    /// ``contentPositions(_:_:)`` for this frame, computed once per distinct offsets array.
    private func restricted(_ offsets: [Int32], _ selection: [Int32]) -> (positions: [Int32], offsets: [Int32]) {
        if let cached = positionCache.first(where: { $0.offsets == offsets }) { return (cached.positions, cached.kept) }
        let (positions, kept) = Self.contentPositions(offsets, selection)
        positionCache.append((offsets, positions, kept))
        return (positions, kept)
    }

    /// The content positions of the `selection` events of a jagged branch with `offsets`, and the
    /// restricted branch's offsets.
    static func contentPositions(_ offsets: [Int32], _ selection: [Int32]) -> (positions: [Int32], offsets: [Int32]) {
        offsets.withUnsafeBufferPointer { offsets in
            selection.withUnsafeBufferPointer { selection in
                var kept = [Int32](repeating: 0, count: selection.count + 1)
                kept.withUnsafeMutableBufferPointer { kept in
                    for index in 0..<selection.count {
                        let event = Int(selection[index])
                        kept[index + 1] = kept[index] + offsets[event + 1] - offsets[event]
                    }
                }
                // Position j of the restricted content is j + (start of its event in the content - start
                // in the restricted content). That difference changes only where an event starts, so its
                // steps are marked there (empty events' steps add up at the next event's start) and a
                // running sum spreads them: flat passes, no loop per event.
                let total = Int(kept[selection.count])
                let positions = [Int32](unsafeUninitializedCapacity: total + 1) { target, count in
                    target.initialize(repeating: 0)
                    var previous: Int32 = 0
                    for index in 0..<selection.count {
                        let shift = offsets[Int(selection[index])] &- kept[index]
                        target[Int(kept[index])] &+= shift &- previous
                        previous = shift
                    }
                    var shift: Int32 = 0
                    for position in 0..<total {
                        shift &+= target[position]
                        target[position] = Int32(truncatingIfNeeded: position) &+ shift
                    }
                    count = total
                }
                return (positions, kept)
            }
        }
    }

    /// `values[position]` for each selected position, in one pass.
    static func restrict<T>(_ values: [T], _ selection: [Int32]) -> [T] {
        values.withUnsafeBufferPointer { values in
            selection.withUnsafeBufferPointer { selection in
                [T](unsafeUninitializedCapacity: selection.count) { target, count in
                    for slot in 0..<selection.count {
                        target.initializeElement(at: slot, to: values[Int(selection[slot])])
                    }
                    count = selection.count
                }
            }
        }
    }
}

/// A failure while evaluating a compiled expression on events (a mismatch the compiler could not see).
public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
