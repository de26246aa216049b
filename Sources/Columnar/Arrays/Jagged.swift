// Columnar layer: a jagged array — a variable number of values per event, stored as offsets into one
// contiguous content array (awkward-array's ListOffsetArray32).

/// Values per event: event `i` holds `content[offsets[i]..<offsets[i+1]]`.
public struct Jagged<Element> {
    /// `events + 1` offsets into `content`.
    public var offsets: [Int32]
    /// Every event's values, one after the other.
    public var content: [Element]

    public init(offsets: [Int32], content: [Element]) {
        self.offsets = offsets
        self.content = content
    }

    /// The number of events.
    public var events: Int { offsets.count - 1 }

    /// The number of values of each event.
    public var counts: [Int] {
        offsets.withUnsafeBufferPointer { offsets in (0..<offsets.count - 1).map { Int(offsets[$0 + 1] - offsets[$0]) }
        }
    }

    /// The same offsets with other content (same length).
    public func with<Other>(_ content: [Other]) -> Jagged<Other> { Jagged<Other>(offsets: offsets, content: content) }
}

extension Jagged: Sendable where Element: Sendable {}

extension Jagged where Element == Bool {
    /// How many values of each event are true (awkward's `ak.count_nonzero(axis=1)`).
    ///
    /// One flat pass notes how many flags were true before each one (``Masks``), and an event's count
    /// is the difference at its bounds: a loop per event mispredicts each event's end.
    public var trueCounts: [Double] {
        let (first, end) = (Int(offsets.first ?? 0), Int(offsets.last ?? 0))
        let before = Masks.trueBefore(content, from: first, to: end)
        return offsets.withUnsafeBufferPointer { offsets in
            before.withUnsafeBufferPointer { before in
                [Double](unsafeUninitializedCapacity: offsets.count - 1) { target, count in
                    for event in 0..<offsets.count - 1 {
                        target[event] = Double(
                            before[Int(offsets[event + 1]) - first] - before[Int(offsets[event]) - first])
                    }
                    count = offsets.count - 1
                }
            }
        }
    }
}

/// Operations on offsets shared by every jagged computation.
public enum Offsets {
    /// For each value, the index of its event.
    ///
    /// Each event after the first marks where its values start, and a running sum of the marks counts
    /// the events begun so far: two flat passes, where a loop per event mispredicts the end of each
    /// event's few values.
    public static func parents(_ offsets: [Int32]) -> [Int32] {
        let total = Int(offsets.last ?? 0)
        guard offsets.count > 1 else { return [] }
        return offsets.withUnsafeBufferPointer { offsets in
            [Int32](unsafeUninitializedCapacity: total + 1) { target, initialized in
                target.initialize(repeating: 0)
                // Values before the first event's start (none in offsets from counts) count as event 0.
                for event in 1..<offsets.count - 1 { target[Int(offsets[event])] &+= 1 }
                var event: Int32 = 0
                for index in 0..<total {
                    event &+= target[index]
                    target[index] = event
                }
                initialized = total
            }
        }
    }

    /// Offsets from per-event counts.
    public static func from(counts: [Int32]) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: counts.count + 1) { target, initialized in
            var total: Int32 = 0
            target[0] = 0
            for (index, count) in counts.enumerated() {
                total += count
                target[index + 1] = total
            }
            initialized = counts.count + 1
        }
    }

    /// Offsets starting at 0 from a slice of other offsets.
    public static func rebased(_ offsets: ArraySlice<Int32>) -> [Int32] {
        guard let first = offsets.first else { return [0] }
        return offsets.map { $0 - first }
    }
}
