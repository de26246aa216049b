// Benchmark: histogram fills (ns per value) and UHI encoding/decoding of a job-like output of
// thousands of histograms. Prints a table; the median of 5 runs of each measurement.
//
//   swift run -c release histogram-bench

import Analysis
import Columnar
import Configuration
import Foundation

func median(_ runs: Int = 5, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return times.sorted()[runs / 2]
}

var random = SystemRandomNumberGenerator()
let count = 10_000_000
let x = (0..<count).map { _ in Double.random(in: -10...110, using: &random) }
let w = (0..<count).map { _ in Double.random(in: 0.5...1.5, using: &random) }
let regular = try HistogramAxis.regular(bins: 100, lower: 0, upper: 100, name: "x")
let categories = [
    try HistogramAxis.stringCategory([], name: "dataset", growth: true),
    try .stringCategory(["inclusive"], name: "category", flow: false),
    try .stringCategory(["nominal"], name: "variation", flow: false),
]

print("fill of \(count / 1_000_000) M values into 100 bins      ns/value")
for (label, axes, names, weights) in [
    ("regular, weighted, weights", [regular], [String](), Optional(w)),
    ("regular, weighted, no weights", [regular], [], nil),
    ("dataset × category × variation × regular", categories + [regular], ["DY", "inclusive", "nominal"], Optional(w)),
    ("variable (100 edges), weighted", [try .variable(edges: (0...100).map(Double.init), name: "x")], [], Optional(w)),
] {
    var histogram = Histogram(axes: axes)
    let seconds = try median { try histogram.fill(categories: names, numbers: [x], weights: weights) }
    print(
        "  \(label.padding(toLength: 44, withPad: " ", startingAt: 0)) \(String(format: "%6.2f", seconds / Double(count) * 1e9))"
    )
}

// MARK: - A 5,000-histogram output

let variables = 5_000
var output = AnalysisOutput(version: "bench")
let categoryNames = ["inclusive", "0jet", "1jet", "2jet", "3jet"]
let variationNames = ["nominal", "sf_up", "sf_down"]
let entries = (0..<200).map { _ in Double.random(in: 0...100, using: &random) }
let entryWeights = (0..<200).map { _ in Double.random(in: 0.5...1.5, using: &random) }
for index in 0..<variables {
    let name = "var\(index)"
    try output.declare(
        variable: name, axes: [try .regular(bins: 50, lower: 0, upper: 100, name: name)], variations: variationNames,
        categories: categoryNames)
    for category in categoryNames {
        for variation in variationNames {
            try output.fill(
                variable: name, dataset: "DYJetsToLL_M-50_2018", category: category, variation: variation,
                values: [entries], weights: entryWeights)
        }
    }
}
let bins = output.variables.values.reduce(0) { $0 + $1.values.count }
print("output of \(variables) histograms (\(bins / 1_000_000).\(bins / 100_000 % 10) M bins, Σw and Σw²)")
for format in OutputFormat.allCases {
    var bytes: [UInt8] = []
    let encode = try median { bytes = try output.encoded(as: format) }
    var decoded = AnalysisOutput(version: "")
    let decode = try median { decoded = try AnalysisOutput(decoding: bytes) }
    precondition(decoded == output, "the decoded \(format) output differs")
    print("  \(format.rawValue): \(bytes.count / 1_000_000) MB")
    print(String(format: "    encode  %6.3f s  (%5.0f MB/s)", encode, Double(bytes.count) / encode / 1e6))
    print(String(format: "    decode  %6.3f s  (%5.0f MB/s)", decode, Double(bytes.count) / decode / 1e6))
}
