import Columnar
import TestSupport
import Testing

/// Adding histograms: exact sums, category union in any order, and mismatches named by axis.
@Suite struct HistogramAdditionTests {
    static func axes(pt: HistogramAxis? = nil) throws -> [HistogramAxis] {
        [
            try .stringCategory([], name: "dataset", growth: true),
            try .stringCategory(["inclusive", "2jets"], name: "category"),
            try .stringCategory([], name: "variation", growth: true),
            try pt ?? .regular(bins: 5, lower: 0, upper: 100, name: "pt"),
        ]
    }

    /// One job's output: integer weights, so every sum is exact.
    static func job(_ seed: UInt64, datasets: [String]) throws -> Histogram {
        var random = SeededGenerator(seed: seed)
        var histogram = Histogram(axes: try axes())
        for dataset in datasets {
            for category in ["2jets", "inclusive"] {
                for variation in ["nominal", "sf_up"] {
                    let pt = (0..<50).map { _ in Double.random(in: -10...120, using: &random) }
                    let weights = (0..<50).map { _ in Double(Int.random(in: -3...5, using: &random)) }
                    try histogram.fill(categories: [dataset, category, variation], numbers: [pt], weights: weights)
                }
            }
        }
        return histogram
    }

    /// The bins of each (dataset, category, variation), whatever the order of the categories.
    static func byCategory(_ histogram: Histogram) -> [String: [Double]] {
        var result: [String: [Double]] = [:]
        let names = histogram.axes.prefix(3).map { $0.stringCategories ?? [] }
        let run = histogram.axes[3].extent
        for (d, dataset) in names[0].enumerated() {
            for (c, category) in names[1].enumerated() {
                for (v, variation) in names[2].enumerated() {
                    guard let offset = histogram.offset(of: [d, c, v, 0]) else { continue }
                    result["\(dataset)/\(category)/\(variation)"] =
                        Array(histogram.values[offset..<offset + run])
                        + Array(histogram.variances[offset..<offset + run])
                }
            }
        }
        return result
    }

    @Test func unionOfDatasetsInAnyOrder() throws {
        let jobs = [
            try Self.job(1, datasets: ["DY"]), try Self.job(2, datasets: ["TT", "DY"]),
            try Self.job(3, datasets: ["WW"]), try Self.job(4, datasets: ["TT"]),
        ]
        var forward = jobs[0]
        for job in jobs.dropFirst() { try forward.add(job) }
        var backward = jobs[3]
        for job in jobs.dropLast().reversed() { try backward.add(job) }
        #expect(forward.axes[0].stringCategories == ["DY", "TT", "WW"])
        #expect(backward.axes[0].stringCategories == ["TT", "WW", "DY"])
        #expect(Self.byCategory(forward) == Self.byCategory(backward))
        #expect(Self.byCategory(forward).count == 3 * 2 * 2)
        let total: Double = jobs.map { $0.values.reduce(0, +) }.reduce(0, +)
        #expect(forward.values.reduce(0, +) == total)
    }

    @Test func sumEqualsOneFillOfEverything() throws {
        let pt: [Double] = [5, 25, 45, 150, -1]
        var first = Histogram(axes: try Self.axes())
        var second = Histogram(axes: try Self.axes())
        var all = Histogram(axes: try Self.axes())
        try first.fill(categories: ["DY", "inclusive", "nominal"], numbers: [pt], weights: [1, 2, 3, 4, 5])
        try second.fill(categories: ["DY", "2jets", "sf_up"], numbers: [pt], weights: [2, 2, 2, 2, 2])
        try second.fill(categories: ["DY", "inclusive", "nominal"], numbers: [pt], weights: [1, 1, 1, 1, 1])
        try all.fill(categories: ["DY", "inclusive", "nominal"], numbers: [pt], weights: [1, 2, 3, 4, 5])
        try all.fill(categories: ["DY", "2jets", "sf_up"], numbers: [pt], weights: [2, 2, 2, 2, 2])
        try all.fill(categories: ["DY", "inclusive", "nominal"], numbers: [pt], weights: [1, 1, 1, 1, 1])
        #expect(try first.adding(second) == all)
    }

    @Test func integerCategoriesUnite() throws {
        var a = Histogram(axes: [try .integerCategory([], name: "n", growth: true)], storage: .int)
        var b = a
        try a.fill(categories: [], numbers: [[1, 2, 2]])
        try b.fill(categories: [], numbers: [[3, 2]])
        try a.add(b)
        #expect(a.axes[0].integerCategories == [1, 2, 3])
        #expect(a.values == [1, 3, 1])
    }

    @Test func mismatchesNameTheAxis() throws {
        let base = Histogram(axes: try Self.axes())
        let cases: [(Histogram, String)] = [
            (
                Histogram(axes: try Self.axes(pt: .regular(bins: 6, lower: 0, upper: 100, name: "pt"))),
                "axis 'pt' is regular (5 bins over [0.0, 100.0), flow: under, over) here and regular (6 bins"
            ),
            (
                Histogram(axes: try Self.axes(pt: .variable(edges: [0, 50, 100], name: "pt"))),
                "axis 'pt' is regular (5 bins over [0.0, 100.0), flow: under, over) here and variable (edges [0.0, 50.0, 100.0]"
            ),
            (
                Histogram(
                    axes: try Self.axes(pt: .regular(bins: 5, lower: 0, upper: 100, name: "pt", overflow: false))),
                "flow: under)"
            ),
            (
                Histogram(axes: try Self.axes(pt: .regular(bins: 5, lower: 0, upper: 100, name: "eta"))),
                "axis 3 is 'pt' here and 'eta'"
            ),
            (
                Histogram(axes: try Self.axes(), storage: .double),
                "storage 'weighted' cannot be added to storage 'double'"
            ),
            (Histogram(axes: Array(try Self.axes().dropFirst())), "4 axes cannot be added to 3 axes"),
        ]
        for (other, message) in cases {
            let error = #expect(throws: HistogramError.self) { try base.adding(other) }
            #expect(error?.code == .incompatible)
            #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
        }
    }

    @Test func fixedCategoriesMustAgree() throws {
        let a = Histogram(axes: [try .stringCategory(["a", "b"], name: "c")])
        let b = Histogram(axes: [try .stringCategory(["b", "a"], name: "c")])
        let error = #expect(throws: HistogramError.self) { try a.adding(b) }
        #expect(
            error?.message
                == "axis 'c' has categories [\"a\", \"b\"] here and [\"b\", \"a\"] in the other histogram, and does not grow"
        )
        let noFlow = Histogram(axes: [try .stringCategory(["a", "b"], name: "c", flow: false)])
        let flowError = #expect(throws: HistogramError.self) { try a.adding(noFlow) }
        #expect(flowError?.message == "axis 'c' has a flow bin on one side only")
    }

    @Test func removingCategoriesKeepsTheOtherBins() throws {
        let pt: [Double] = [5, 25, 45, 150, -1]
        func histogram(_ channels: [String], fills: [(String, String)]) throws -> Histogram {
            var histogram = Histogram(axes: [
                try .stringCategory([], name: "dataset", growth: true),
                try .stringCategory(channels, name: "channel", flow: true),
                try .regular(bins: 5, lower: 0, upper: 100, name: "pt"),
            ])
            for (dataset, channel) in fills {
                try histogram.fill(categories: [dataset, channel], numbers: [pt], weights: [1, 2, 3, 4, 5])
            }
            return histogram
        }
        var all = try histogram(
            ["ee", "emu", "mumu"], fills: [("DY", "ee"), ("TT", "mumu"), ("DY", "emu"), ("DY", "other")])
        all.remove(categories: ["emu"], axis: 1)
        let expected = try histogram(["ee", "mumu"], fills: [("DY", "ee"), ("TT", "mumu"), ("DY", "other")])
        #expect(all == expected)
        all.remove(categories: ["DY"], axis: 0)
        #expect(all.axes[0].stringCategories == ["TT"])
        #expect(all.values.reduce(0, +) == 15)
    }
}
