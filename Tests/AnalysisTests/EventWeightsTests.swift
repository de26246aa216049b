import Testing

@testable import Analysis

@Suite struct EventWeightsTests {
    /// Unit weights give what an array of ones gives: the same counts, sums and selections.
    @Test func unitWeightsActAsOnes() {
        let mask = (0..<1_001).map { $0 % 3 != 0 }
        let unit = EventWeights.unit(count: mask.count)
        let ones = EventWeights.values([Double](repeating: 1, count: mask.count))
        #expect(unit.sums == ones.sums)
        #expect(unit.array == ones.array)
        #expect(unit.selecting(mask).count == 667)
        #expect(unit.selecting(mask).sums == ones.selecting(mask).sums)
        #expect(unit.selecting(mask).array == ones.selecting(mask).array)
    }

    /// Weights keep the events of the mask in order, sums add them in event order, and a product of no
    /// factors is unit weights.
    @Test func valuesAreSelectedSummedAndMultipliedInOrder() {
        let weights = EventWeights.values([0.5, -2, 0.1, 3])
        #expect(weights.selecting([true, false, true, true]) == .values([0.5, 0.1, 3]))
        #expect(weights.selecting([false, false, false, false]) == .values([]))
        let sums = weights.sums
        #expect(sums.sumw == ((0.5 + -2) + 0.1) + 3)
        #expect(sums.sumw2 == ((0.25 + 4) + 0.010000000000000002) + 9)
        #expect(EventWeights.product([], count: 3) == .unit(count: 3))
        #expect(EventWeights.product([[2, 3], [0.5, -1]], count: 2) == .values([1, -3]))
    }
}
