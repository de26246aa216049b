// Analysis layer: the histograms of an analysis (`variables`). Each has one or more axes; an axis is
// an expression (a number per event, or a list per event: one entry per object) and a binning —
// regular (`bins`, `start`, `stop`) or variable (`edges`).
//
//   variables:
//     mll:  {axes: [{expr: "mass(MuonGood[0] + MuonGood[1])", bins: 60, start: 60, stop: 120, label: "m(μμ) [GeV]"}]}
//     muon_pt_eta:
//       axes:
//         - {expr: "MuonGood.pt", edges: [25, 40, 60, 100, 200], label: "pT [GeV]"}
//         - {expr: "MuonGood.eta", bins: 10, start: -2.5, stop: 2.5}

import Columnar
import Configuration

/// One histogram: its name and axes.
public struct VariablePlan: Sendable {
    /// How an axis divides its range.
    public enum Binning: Sendable, Equatable {
        case regular(bins: Int, start: Double, stop: Double)
        case variable(edges: [Double])
    }

    /// One axis: what it histograms and how.
    public struct Axis: Sendable {
        public var name: String
        public var label: String
        public var binning: Binning
        public var expression: String
        let compiled: Compiled
        /// Whether the axis has a value per object (else per event).
        public var perObject: Bool { compiled.type == .jaggedNumber || compiled.type == .jaggedBoolean }
    }

    public var name: String
    public var axes: [Axis]

    static func build(_ value: ConfigValue?, builder: inout PlanBuilder) throws(ConfigurationError) -> [VariablePlan] {
        guard let value, value != .null else { return [] }
        guard let variables = value.objectValue else {
            throw builder.invalid("variables", "'variables' maps histogram names to {axes: [...]}")
        }
        var plans: [VariablePlan] = []
        for (name, definition) in variables.entries {
            let location = "variables.\(name)"
            guard let axes = definition["axes"]?.arrayValue, !axes.isEmpty else {
                throw builder.invalid(
                    location, "a histogram needs 'axes:', a list of {expr, bins, start, stop} or {expr, edges}")
            }
            var built: [Axis] = []
            for (index, axis) in axes.enumerated() {
                built.append(
                    try Self.axis(
                        axis, at: "\(location).axes[\(index)]", histogram: name, index: index, builder: &builder))
            }
            plans.append(VariablePlan(name: name, axes: built))
        }
        return plans
    }

    private static func axis(
        _ value: ConfigValue, at location: String, histogram: String, index: Int, builder: inout PlanBuilder
    ) throws(ConfigurationError) -> Axis {
        guard let object = value.objectValue, let expression = object["expr"]?.coercedString else {
            throw builder.invalid(location, "an axis needs 'expr:', the quantity to histogram")
        }
        for key in object.keys where !["expr", "bins", "start", "stop", "edges", "label", "name"].contains(key) {
            throw ConfigurationError(
                .unknownKey, location: "\(location).\(key)", "unknown axis key '\(key)'",
                fix: "use expr, bins, start, stop, edges, label, name")
        }
        let binning: Binning
        if let edges = object["edges"] {
            guard let values = edges.arrayValue?.compactMap(\.coercedDouble), values.count >= 2,
                values.count == edges.arrayValue?.count, zip(values, values.dropFirst()).allSatisfy({ $0 < $1 })
            else {
                throw builder.invalid("\(location).edges", "'edges' must be at least two increasing numbers")
            }
            binning = .variable(edges: values)
        } else {
            guard let bins = object["bins"]?.coercedInt, let start = object["start"]?.coercedDouble,
                let stop = object["stop"]?.coercedDouble
            else {
                throw builder.invalid(location, "a regular axis needs bins, start and stop (or give edges)")
            }
            guard bins > 0, bins <= 10_000_000, start < stop, start.isFinite, stop.isFinite else {
                throw builder.invalid(
                    location, "bad binning: bins must be positive and start < stop (got \(bins), \(start), \(stop))")
            }
            binning = .regular(bins: bins, start: start, stop: stop)
        }
        let compiled = try builder.compile(
            expression, at: "\(location).expr", expecting: [.number, .jaggedNumber, .boolean, .jaggedBoolean],
            what: "an axis")
        let name = object["name"]?.coercedString ?? (index == 0 ? histogram : "\(histogram)_\(index)")
        return Axis(
            name: name, label: object["label"]?.coercedString ?? expression, binning: binning, expression: expression,
            compiled: compiled)
    }
}
