// Analysis layer: the weights of a chunk's events — each event's own, or 1 for every event (data, and MC
// without weights), kept as a count so that no array of ones is made, multiplied, gathered or summed.

import Columnar

/// The weights of a sequence of events.
public enum EventWeights: Sendable, Equatable {
    /// Every event weighs 1.
    case unit(count: Int)
    /// Each event's weight.
    case values([Double])

    /// The number of events.
    public var count: Int {
        switch self {
        case .unit(let count): count
        case .values(let values): values.count
        }
    }

    /// Each event's weight (ones for `.unit`).
    public var array: [Double] {
        switch self {
        case .unit(let count): [Double](repeating: 1, count: count)
        case .values(let values): values
        }
    }

    /// Σw and Σw², added in event order as hist adds a fill's weights; for `.unit`, the count (adding n
    /// ones one by one gives exactly n below 2⁵³).
    public var sums: (sumw: Double, sumw2: Double) {
        switch self {
        case .unit(let count):
            return (Double(count), Double(count))
        case .values(let values):
            var (sumw, sumw2) = (0.0, 0.0)
            for weight in values {
                sumw += weight
                sumw2 += weight * weight
            }
            return (sumw, sumw2)
        }
    }

    /// The weights of the events whose mask is true, in order.
    func selecting(_ mask: [Bool]) -> EventWeights {
        switch self {
        case .unit(let count): .unit(count: Masks.trueCount(mask, limit: count))
        case .values(let weights): .values(Masks.compacted(weights, by: mask))
        }
    }

    /// The product of `factors` (each one weight per event) for `count` events: `.unit` when there is none.
    static func product(_ factors: [[Double]], count: Int) -> EventWeights {
        guard !factors.isEmpty else { return .unit(count: count) }
        var weights = [Double](repeating: 1, count: count)
        for factor in factors {
            for index in 0..<count { weights[index] *= factor[index] }
        }
        return .values(weights)
    }
}
