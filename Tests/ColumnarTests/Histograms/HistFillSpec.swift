// Histogram tests: the same fills given to our Histogram and, as a JSON spec, to hist through
// scripts/hist-reference.py; plus a seeded random generator for reproducible test data.

import Columnar
import Foundation
import TestSupport

/// Histograms and the fills to apply to them, for both implementations.
struct HistFillSpec {
    /// One fill call.
    struct Fill {
        var categories: [String]
        var numbers: [[Double]]
        var weights: [Double]?
    }

    private(set) var empty: [String: Histogram] = [:]
    private(set) var fills: [String: [Fill]] = [:]

    /// Adds a histogram (as created, before any fill).
    mutating func add(_ name: String, _ histogram: Histogram) {
        empty[name] = histogram
        fills[name] = []
    }

    /// Records a fill of histogram `name`.
    mutating func fill(_ name: String, categories: [String] = [], numbers: [[Double]], weights: [Double]? = nil) {
        fills[name, default: []].append(Fill(categories: categories, numbers: numbers, weights: weights))
    }

    /// Our histograms after the fills.
    func filled() throws -> [String: Histogram] {
        var result = empty
        for (name, calls) in fills {
            for call in calls {
                try result[name]?.fill(categories: call.categories, numbers: call.numbers, weights: call.weights)
            }
        }
        return result
    }

    /// hist's histograms after the same fills, as UHI JSON written by hist and decoded by us.
    func filledByHist(in folder: String) throws -> [String: Histogram] {
        let spec = TestPaths.write(json, to: "spec.json", in: folder)
        let output = folder + "/hist.json"
        let result = try HistReference.run(["fill", spec, output])
        guard result.status == 0 else { throw ReferenceFailure(result: result) }
        return try UHI.decode(Array(try Data(contentsOf: URL(fileURLWithPath: output))))
    }

    /// The spec hist-reference.py reads.
    var json: String {
        let entries = empty.sorted(by: { $0.key < $1.key }).map { name, histogram -> String in
            let categoryAxes = histogram.categoryAxisPositions.map { histogram.axes[$0].name }
            let numericAxes = histogram.numericAxisPositions.map { histogram.axes[$0].name }
            let calls = (fills[name] ?? []).map { call -> String in
                let categories = zip(categoryAxes, call.categories).map { "\(quote($0)): \(quote($1))" }
                let numbers = zip(numericAxes, call.numbers).map { "\(quote($0)): \(array($1))" }
                let weights = call.weights.map(array) ?? "null"
                return """
                    {"categories": {\(categories.joined(separator: ", "))}, "numbers": {\(numbers.joined(separator: ", "))}, \
                    "weights": \(weights)}
                    """
            }
            let axes = histogram.axes.map(axisJSON)
            return """
                \(quote(name)): {"storage": "\(histogram.storage.rawValue)", "axes": [\(axes.joined(separator: ", "))], \
                "fills": [\(calls.joined(separator: ", "))]}
                """
        }
        return "{" + entries.joined(separator: ",\n") + "}"
    }

    private func axisJSON(_ axis: HistogramAxis) -> String {
        let common = "\"name\": \(quote(axis.name)), \"label\": \(quote(axis.label))"
        switch axis.kind {
        case .regular(let bins, let lower, let upper, let underflow, let overflow, let circular):
            return """
                {"type": "regular", \(common), "bins": \(bins), "lower": \(number(lower)), "upper": \(number(upper)), \
                "underflow": \(underflow), "overflow": \(overflow), "circular": \(circular)}
                """
        case .variable(let edges, let underflow, let overflow, let circular):
            return """
                {"type": "variable", \(common), "edges": \(array(edges)), "underflow": \(underflow), \
                "overflow": \(overflow), "circular": \(circular)}
                """
        case .stringCategory(let categories, let flow, let growth):
            return """
                {"type": "category_str", \(common), "categories": [\(categories.map(quote).joined(separator: ", "))], \
                "flow": \(flow), "growth": \(growth)}
                """
        case .integerCategory(let categories, let flow, let growth):
            return """
                {"type": "category_int", \(common), "categories": \(categories), "flow": \(flow), "growth": \(growth)}
                """
        case .boolean:
            return "{\"type\": \"boolean\", \(common)}"
        }
    }

    private func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private func array(_ values: [Double]) -> String { "[" + values.map(number).joined(separator: ", ") + "]" }

    private func number(_ value: Double) -> String {
        value.isNaN ? "NaN" : value.isInfinite ? (value < 0 ? "-Infinity" : "Infinity") : "\(value)"
    }
}

/// A failed run of scripts/hist-reference.py or `uhi validate`.
struct ReferenceFailure: Error, CustomStringConvertible {
    var result: CommandResult
    var description: String { "exit \(result.status)\n\(result.stdout)\n\(result.stderr)" }
}

/// Whether two arrays are equal bit for bit (so NaN equals NaN and 0.0 differs from -0.0).
func identical(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
}
