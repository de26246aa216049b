import Testing

@testable import Columnar

/// The flat (branch-free) jagged layouts must equal the obvious loop per event, empty events included.
@Suite struct JaggedLayoutTests {
    /// Offsets of `events` events of 0–4 values, a third of them empty, from a fixed seed.
    static func offsets(events: Int, seed: UInt64) -> [Int32] {
        var state = seed
        var offsets: [Int32] = [0]
        for _ in 0..<events {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let draw = Int32((state >> 33) % 6)
            offsets.append(offsets.last! + (draw < 2 ? 0 : draw - 1))
        }
        return offsets
    }

    static let cases: [(events: Int, seed: UInt64)] = [(0, 1), (1, 2), (2, 3), (17, 4), (1000, 5), (1000, 6)]

    @Test(arguments: cases)
    func parentsNameEachValuesEvent(events: Int, seed: UInt64) {
        let offsets = Self.offsets(events: events, seed: seed)
        var expected: [Int32] = []
        for event in 0..<events {
            expected += Array(repeating: Int32(event), count: Int(offsets[event + 1] - offsets[event]))
        }
        #expect(Offsets.parents(offsets) == expected)
    }

    @Test(arguments: cases)
    func restrictedPositionsAreThoseOfTheSelectedEvents(events: Int, seed: UInt64) {
        let offsets = Self.offsets(events: events, seed: seed)
        for stride in [1, 2, 3, 7] {
            let selection = stride == 7 ? [] : Array(Swift.stride(from: 0, to: Int32(events), by: stride))
            var positions: [Int32] = []
            var kept: [Int32] = [0]
            for event in selection {
                positions += Array(offsets[Int(event)]..<offsets[Int(event) + 1])
                kept.append(kept.last! + offsets[Int(event) + 1] - offsets[Int(event)])
            }
            let result = EventFrame.contentPositions(offsets, selection)
            #expect(result.positions == positions, "stride \(stride)")
            #expect(result.offsets == kept, "stride \(stride)")
        }
    }

    @Test(arguments: cases)
    func trueCountsCountEachEventsTrueFlags(events: Int, seed: UInt64) {
        let offsets = Self.offsets(events: events, seed: seed)
        var state = seed
        let flags = (0..<Int(offsets.last!)).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 40) % 3 == 0
        }
        let expected = (0..<events).map { event in
            Double(flags[Int(offsets[event])..<Int(offsets[event + 1])].filter { $0 }.count)
        }
        #expect(Jagged(offsets: offsets, content: flags).trueCounts == expected)
        // Offsets that start past the content's first values (a slice of events).
        if events > 2 {
            let tail = Jagged(offsets: Array(offsets[2...]), content: flags)
            #expect(tail.trueCounts == Array(expected[2...]))
        }
    }

    @Test(arguments: cases)
    func masksCompactCountAndLocateTheTrueFlags(events: Int, seed: UInt64) {
        var state = seed
        let mask = (0..<events).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 40) % 2 == 0
        }
        let other = mask.indices.map { $0 % 3 != 0 }
        #expect(Masks.intersection([mask, other], count: events) == mask.indices.map { mask[$0] && other[$0] })
        #expect(Masks.intersection([], count: events) == Array(repeating: true, count: events))
        let values = (0..<events + 3).map { Double($0) * 1.5 }
        let kept = mask.indices.filter { mask[$0] }
        #expect(Masks.compacted(values, by: mask) == kept.map { values[$0] })
        #expect(Masks.truePositions(mask) == kept.map { Int32($0) })
        #expect(Masks.trueCount(mask, limit: events / 2) == kept.filter { $0 < events / 2 }.count)
        let (first, end) = (min(2, events), events)
        #expect(Masks.truePositions(mask, from: first, to: end) == kept.filter { $0 >= first }.map { Int32($0) })
        #expect(
            Masks.trueBefore(mask, from: first, to: end)
                == (first...end).map { position in Int32(kept.filter { $0 >= first && $0 < position }.count) })
    }
}
