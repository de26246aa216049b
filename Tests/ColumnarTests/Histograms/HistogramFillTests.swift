import Columnar
import Foundation
import TestSupport
import Testing

/// Filling: the spec's worked example, boost-histogram's binning at the edges, and bin-for-bin
/// agreement with hist on the same data for every kind of axis.
@Suite struct HistogramFillTests {
    @Test func specWorkedExample() throws {
        var histogram = Histogram(axes: [
            try .stringCategory(["ee", "mumu"], name: "channel", label: "Channel"),
            try .regular(bins: 4, lower: 0, upper: 200, name: "pt", label: "p_T [GeV]"),
        ])
        try histogram.fill(categories: ["ee"], numbers: [[10, 60, -5]], weights: [1, 0.5, 3])
        try histogram.fill(categories: ["mumu"], numbers: [[120, 250]], weights: [2, 1.5])
        #expect(histogram.shape == [3, 6])
        #expect(histogram.values == [3, 1, 0.5, 0, 0, 0, 0, 0, 0, 2, 0, 1.5, 0, 0, 0, 0, 0, 0])
        #expect(histogram.variances == [9, 1, 0.25, 0, 0, 0, 0, 0, 0, 4, 0, 2.25, 0, 0, 0, 0, 0, 0])
    }

    /// The bins hist chose for these values (run once with hist 2.12.1 / boost-histogram 1.8.1).
    ///
    /// Without an overflow bin, the upper edge belongs to the last bin.
    @Test func edgesNaNAndInfinities() throws {
        let values: [Double] = [.nan, .infinity, -.infinity, 1.0, 0.0, -0.0, 0.9999999999999999, -1e-300]
        var regular = Histogram(axes: [try .regular(bins: 4, lower: 0, upper: 1, name: "x")], storage: .double)
        try regular.fill(categories: [], numbers: [values])
        #expect(regular.values == [2, 2, 0, 0, 1, 3])

        var closed = Histogram(
            axes: [try .regular(bins: 7, lower: 0.1, upper: 0.8, name: "x", underflow: false, overflow: false)],
            storage: .double)
        try closed.fill(categories: [], numbers: [[0.8, 0.9, 1.0, .infinity, .nan, 0.8.nextDown, 0.05, -.infinity]])
        #expect(closed.values == [0, 0, 0, 0, 0, 0, 2])
        var closedVariable = Histogram(
            axes: [try .variable(edges: [0, 1, 2.5], name: "x", overflow: false)], storage: .double)
        try closedVariable.fill(categories: [], numbers: [[2.5, 2.5.nextDown, 3, .nan, -1, 0]])
        #expect(closedVariable.values == [1, 1, 2])

        var variable = Histogram(axes: [try .variable(edges: [0, 1, 2], name: "x")], storage: .double)
        try variable.fill(categories: [], numbers: [[.nan, .infinity, -.infinity, 2, 0, 1]])
        #expect(variable.values == [1, 1, 1, 3])

        var circular = Histogram(
            axes: [try .regular(bins: 4, lower: 0, upper: 360, name: "x", underflow: false, circular: true)],
            storage: .int)
        try circular.fill(categories: [], numbers: [[.nan, .infinity, -.infinity, 360, -10, 725]])
        #expect(circular.values == [2, 0, 0, 1, 3])

        var circularVariable = Histogram(
            axes: [try .variable(edges: [0, 1, 2.5, 10, 100], name: "x", underflow: false, circular: true)],
            storage: .int)
        try circularVariable.fill(
            categories: [], numbers: [[0, 0.5, 1, 2.4, 2.6, 11, 100, 150, -1, -50, 250, .nan, .infinity]])
        #expect(circularVariable.values == [3, 2, 1, 5, 2])
    }

    /// Special values and edges land in boost-histogram's bins in every lane of the 4-wide binning, on a
    /// regular axis in front of a category axis (so with a stride of 2), weighted and unweighted.
    @Test func specialValuesInEveryLane() throws {
        // regular(4, 0, 10): bin 0 is the underflow, 1…4 the bins, 5 the overflow; 7 is in bin 3. The
        // negative subnormal divided by the width rounds to -0, so it is in the first bin, as in hist.
        let cases: [(Double, Int)] = [
            (.nan, 5), (.infinity, 5), (-.infinity, 0), (-0.0, 1), (0, 1), (10, 5), (10.nextDown, 4),
            (0.0.nextDown, 1), (-1e-300, 0), (5, 3), (2.5, 2), (2.5.nextDown, 1), (1e300, 5), (-1e300, 0),
        ]
        for shift in 0..<4 {
            // Padded on both sides, so that every case goes through the 4-wide loop, in lane `shift + i % 4`.
            let padded = Array(repeating: (7.0, 3), count: shift) + cases + Array(repeating: (7.0, 3), count: 4)
            let values = padded.map(\.0)
            var expected = [Double](repeating: 0, count: 12)
            for (_, bin) in padded { expected[2 * bin + 1] += 1 }
            for weights in [nil, [Double](repeating: 0.5, count: values.count)] {
                var histogram = Histogram(axes: [
                    try .regular(bins: 4, lower: 0, upper: 10, name: "x"),
                    try .stringCategory(["a", "b"], name: "c", flow: false),
                ])
                try histogram.fill(categories: ["b"], numbers: [values], weights: weights)
                let scale = weights == nil ? 1.0 : 0.5
                #expect(histogram.values == expected.map { $0 * scale }, "shift \(shift), weighted \(weights != nil)")
            }
        }
    }

    /// Unweighted entries are counted per bin and added at once: the sums must be those of adding 1 per
    /// entry in order, also on top of weighted fills (whose sums are not whole numbers) and near 2⁵³.
    @Test func unweightedEntriesAddAsOnesOneByOne() throws {
        let axis = try HistogramAxis.regular(bins: 2, lower: 0, upper: 2, name: "x")
        var histogram = Histogram(axes: [axis])
        try histogram.fill(categories: [], numbers: [[0.5, 1.5]], weights: [0.1, 9_007_199_254_740_990])
        try histogram.fill(categories: [], numbers: [[0.5, 0.5, 0.5, 1.5, 1.5, 1.5, 1.5, -1, .nan]])
        var expected = Histogram(axes: [axis])
        try expected.fill(categories: [], numbers: [[0.5, 1.5]], weights: [0.1, 9_007_199_254_740_990])
        for value in [0.5, 0.5, 0.5, 1.5, 1.5, 1.5, 1.5, -1, .nan] {
            try expected.fill(categories: [], numbers: [[value]], weights: [1])
        }
        #expect(histogram.values.map(\.bitPattern) == expected.values.map(\.bitPattern))
        #expect(histogram.variances.map(\.bitPattern) == expected.variances.map(\.bitPattern))
        let sums: [Double] = [1, ((0.1 + 1) + 1) + 1, 9_007_199_254_740_992, 1]
        #expect(histogram.values == sums)
    }

    @Test func valuesWithoutAFlowBinAreNotCounted() throws {
        var histogram = Histogram(
            axes: [
                try .stringCategory(["a"], name: "c", flow: false),
                try .regular(bins: 2, lower: 0, upper: 2, name: "x", underflow: false, overflow: false),
            ], storage: .double)
        try histogram.fill(categories: ["a"], numbers: [[-1, 0.5, 1.5, 2.5, .nan]])
        try histogram.fill(categories: ["unknown"], numbers: [[0.5]])
        #expect(histogram.values == [1, 1])
    }

    @Test func integerAndBooleanAxes() throws {
        var histogram = Histogram(
            axes: [try .integerCategory([1, 2], name: "n", growth: true), .boolean(name: "b")], storage: .int)
        try histogram.fill(categories: [], numbers: [[1, -5, 3, 2, 3, 2.5], [0, 1, 1, 0, 2, 1]])
        #expect(histogram.axes[0].integerCategories == [1, 2, -5, 3])
        #expect(histogram.values == [1, 0, 1, 0, 0, 1, 0, 2])
    }

    @Test func resolvedCategoryBinsFillTheSameBins() throws {
        let axes = [
            try HistogramAxis.stringCategory([], name: "dataset", growth: true),
            try .regular(bins: 10, lower: 0, upper: 1, name: "x"),
        ]
        var byName = Histogram(axes: axes)
        var byBin = Histogram(axes: axes)
        let x = (0..<100).map { Double($0) / 97 }
        try byName.fill(categories: ["DY"], numbers: [x], weights: x)
        let resolved = byBin.bin(ofCategory: "DY", axis: 0)
        let bin = try #require(resolved)
        try byBin.fill(categoryBins: [bin], numbers: [x], weights: x)
        #expect(byName == byBin)
    }

    @Test func scaling() throws {
        var histogram = Histogram(axes: [try .regular(bins: 2, lower: 0, upper: 2, name: "x")])
        try histogram.fill(categories: [], numbers: [[0.5, 1.5]], weights: [2, 3])
        try histogram.scale(by: 0.5)
        #expect(histogram.values == [0, 1, 1.5, 0])
        #expect(histogram.variances == [0, 1, 2.25, 0])
        var counts = Histogram(axes: [], storage: .int)
        #expect(throws: HistogramError.self) { try counts.scale(by: 2) }
    }

    @Test func fillErrors() throws {
        var histogram = Histogram(axes: [
            try .stringCategory(["a"], name: "c"), try .regular(bins: 2, lower: 0, upper: 1, name: "x"),
            try .regular(bins: 2, lower: 0, upper: 1, name: "y"),
        ])
        let cases: [(String, () throws -> Void)] = [
            ("2 categories for 1", { try histogram.fill(categories: ["a", "b"], numbers: [[1], [1]]) }),
            ("1 arrays of numbers for 2", { try histogram.fill(categories: ["a"], numbers: [[1]]) }),
            ("different lengths", { try histogram.fill(categories: ["a"], numbers: [[1], [1, 2]]) }),
            (
                "1 weights for 2 entries",
                { try histogram.fill(categories: ["a"], numbers: [[1, 2], [1, 2]], weights: [1]) }
            ),
            ("out of range", { try histogram.fill(categoryBins: [5], numbers: [[1], [1]]) }),
        ]
        for (expected, call) in cases {
            let error = #expect(throws: HistogramError.self) { try call() }
            #expect(error?.code == .invalidFill)
            #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
        }
        var counts = Histogram(axes: [try .regular(bins: 2, lower: 0, upper: 1, name: "x")], storage: .int)
        let error = #expect(throws: HistogramError.self) {
            try counts.fill(categories: [], numbers: [[0.5]], weights: [2])
        }
        #expect(error?.message.contains("takes no weights") == true)
    }

    // MARK: - Against hist

    @Test(.enabled(if: HistReference.isAvailable)) func everyAxisKindMatchesHist() throws {
        var random = SeededGenerator(seed: 7)
        var spec = HistFillSpec()
        func data(_ count: Int, _ range: ClosedRange<Double>, edges: [Double]) -> [Double] {
            let special: [Double] = [.nan, .infinity, -.infinity, -0.0]
            let nearEdges = edges.flatMap { [$0, $0.nextUp, $0.nextDown] }
            return (0..<count).map { _ in Double.random(in: range, using: &random) } + nearEdges + special
        }
        func weights(_ count: Int) -> [Double] { (0..<count).map { _ in Double.random(in: -0.5...2, using: &random) } }
        func regularEdges(_ bins: Int, _ lower: Double, _ upper: Double) -> [Double] {
            (0...bins).map { lower + Double($0) * (upper - lower) / Double(bins) }
        }

        spec.add("regular", Histogram(axes: [try .regular(bins: 100, lower: -5, upper: 5, name: "x", label: "x [cm]")]))
        for _ in 0..<3 {
            let x = data(20_000, -6...6, edges: regularEdges(100, -5, 5))
            spec.fill("regular", numbers: [x], weights: weights(x.count))
            spec.fill("regular", numbers: [x])
        }
        spec.add(
            "regular_noflow",
            Histogram(
                axes: [try .regular(bins: 7, lower: 0.1, upper: 0.8, name: "x", underflow: false, overflow: false)],
                storage: .double))
        let noflow = data(5_000, 0...1, edges: regularEdges(7, 0.1, 0.8))
        spec.fill("regular_noflow", numbers: [noflow], weights: weights(noflow.count))
        spec.add(
            "circular",
            Histogram(
                axes: [try .regular(bins: 12, lower: -.pi, upper: .pi, name: "phi", underflow: false, circular: true)]))
        let phi = data(5_000, -10...10, edges: regularEdges(12, -.pi, .pi))
        spec.fill("circular", numbers: [phi], weights: weights(phi.count))
        let edges: [Double] = [0, 1, 2.5, 10, 100]
        spec.add("variable", Histogram(axes: [try .variable(edges: edges, name: "pt")]))
        let pt = data(5_000, -1...120, edges: edges)
        spec.fill("variable", numbers: [pt], weights: weights(pt.count))
        spec.fill("variable", numbers: [pt])
        let crowded: [Double] = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 1000]
        spec.add("variable_crowded", Histogram(axes: [try .variable(edges: crowded, name: "v")]))
        let small = data(5_000, -0.1...1.2, edges: crowded) + data(500, 0...2000, edges: [])
        spec.fill("variable_crowded", numbers: [small], weights: weights(small.count))
        let fine = (0...300).map { pow(1.02, Double($0)) - 1 }
        spec.add("variable_fine", Histogram(axes: [try .variable(edges: fine, name: "v", underflow: false)]))
        let spread = data(20_000, -1...400, edges: fine)
        spec.fill("variable_fine", numbers: [spread], weights: weights(spread.count))
        spec.add(
            "variable_closed",
            Histogram(axes: [try .variable(edges: edges, name: "v", overflow: false)], storage: .double))
        spec.fill("variable_closed", numbers: [pt])

        spec.add(
            "categories_2d",
            Histogram(axes: [
                try .stringCategory(["inclusive", "2jets"], name: "category"),
                try .stringCategory([], name: "dataset", growth: true),
                try .regular(bins: 20, lower: 0, upper: 200, name: "pt"),
                try .variable(edges: [-2.5, -1, 0, 1, 2.5], name: "eta", underflow: false),
            ]))
        for (category, dataset) in [
            ("inclusive", "DY"), ("2jets", "TT"), ("unknown", "DY"), ("2jets", "DY"), ("inclusive", "WW"),
        ] {
            let pt = data(3_000, -10...220, edges: regularEdges(20, 0, 200))
            let eta = data(pt.count - 12, -3...3, edges: [-2.5, -1, 0, 1, 2.5]).prefix(pt.count)
            spec.fill(
                "categories_2d", categories: [category, dataset], numbers: [pt, Array(eta)], weights: weights(pt.count))
        }

        spec.add(
            "integers",
            Histogram(
                axes: [try .integerCategory([0, 1], name: "njet", growth: true), .boolean(name: "tight")], storage: .int
            ))
        let njet = (0..<2_000).map { _ in Double(Int.random(in: -2...8, using: &random)) }
        let tight = (0..<2_000).map { _ in Double(Int.random(in: 0...1, using: &random)) }
        spec.fill("integers", numbers: [njet, tight])
        spec.add(
            "integers_fixed",
            Histogram(axes: [try .integerCategory([3, 1, 4], name: "n", flow: true)], storage: .double))
        spec.fill("integers_fixed", numbers: [njet], weights: weights(njet.count))

        spec.add("counts", Histogram(axes: [try .stringCategory([], name: "dataset", growth: true)]))
        spec.fill("counts", categories: ["DY"], numbers: [], weights: [2.5])
        spec.fill("counts", categories: ["TT"], numbers: [], weights: [1, 2, 3])
        spec.fill("counts", categories: ["DY"], numbers: [], weights: [0.25])

        let folder = TestPaths.scratchFolder("hist-fill")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let ours = try spec.filled()
        let theirs = try spec.filledByHist(in: folder)
        #expect(Set(ours.keys) == Set(theirs.keys))
        for (name, histogram) in ours.sorted(by: { $0.key < $1.key }) {
            let reference = try #require(theirs[name], "hist wrote no '\(name)'")
            #expect(histogram.axes == reference.axes, "\(name): axes")
            #expect(identical(histogram.values, reference.values), "\(name): values differ from hist")
            #expect(identical(histogram.variances, reference.variances), "\(name): variances differ from hist")
        }
        #expect(ours["regular"]?.values.reduce(0, +) != 0)

        let path = folder + "/ours.json"
        try Data(UHI.encode(ours, version: "test")).write(to: URL(fileURLWithPath: path))
        let validation = try HistReference.validate([path])
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
        let comparison = try HistReference.run(["compare", path, folder + "/hist.json"])
        #expect(comparison.status == 0, "\(comparison.stdout)\(comparison.stderr)")
        #expect(comparison.stdout.contains("OK \(ours.count)"))
    }
}
