// Corrections layer: evaluating the content tree for one event, following correctionlib's C++
// (correction.cc) case by case: which bin a value falls in for each flow mode, the flow slot after
// the bins, category defaults, and transforms that round int inputs half away from zero.

import Foundation

extension Node {
    /// The node's value for the event in `slots`.
    func evaluate(_ slots: Slots) throws(NodeFailure) -> Double {
        switch self {
        case .constant(let value): return value
        case .binning(let node):
            let bin = try node.edges.bin(slots.reals[node.input], flow: node.flow, input: node.input, node: "Binning")
            return try node.content[bin].evaluate(slots)
        case .multiBinning(let node):
            var index = 0
            for axis in node.axes {
                let bin = try axis.edges.bin(
                    slots.reals[axis.input], flow: node.flow, input: axis.input, node: "MultiBinning")
                // The flow slot: correctionlib returns the last content node (the flow node for "value").
                if bin == axis.edges.count { return try node.content[node.content.count - 1].evaluate(slots) }
                index += bin * axis.stride
            }
            return try node.content[index].evaluate(slots)
        case .category(let node):
            let key = slots.ints[node.input]
            if let position = node.index[key] { return try node.content[position].evaluate(slots) }
            guard let fallback = node.fallback else { throw .missingKey(input: node.input, key: key) }
            return try fallback.evaluate(slots)
        case .formula(let formula): return formula.evaluate(slots.reals)
        case .transform(let node): return try node.evaluate(slots)
        case .hashPRNG(let node): return node.evaluate(slots)
        }
    }
}

extension Transform {
    /// Evaluates `rule`, gives its value to the input, evaluates `content`, and restores the input.
    func evaluate(_ slots: Slots) throws(NodeFailure) -> Double {
        let value = try rule.evaluate(slots)
        let savedReal = slots.reals[input]
        let savedInt = slots.ints[input]
        defer {
            slots.reals[input] = savedReal
            slots.ints[input] = savedInt
        }
        if isInteger {
            let rounded = value.rounded(.toNearestOrAwayFromZero)
            guard rounded >= -0x1p63, rounded < 0x1p63 else {
                throw .invalid(
                    input: input, value: value, reason: "a transform rule gave a value that is not a 64-bit integer")
            }
            slots.ints[input] = Int64(rounded)
            slots.reals[input] = Double(Int64(rounded))
        } else {
            slots.reals[input] = value
        }
        return try content.evaluate(slots)
    }
}

extension Edges {
    /// The bin of `value`, or ``count`` for the flow slot.
    ///
    /// - Throws: `.outOfBounds` for flow "error", `.invalid` when the value cannot be placed (NaN in a
    ///   uniform binning; correctionlib's behaviour is undefined there).
    @inline(__always)
    func bin(_ value: Double, flow: Flow, input: Int, node: String) throws(NodeFailure) -> Int {
        switch self {
        case .uniform(let n, let low, let high):
            if value < low || value >= high {
                switch flow {
                case .value: return n
                case .clamp: return value < low ? 0 : n - 1
                case .wrap: break
                case .error: throw .outOfBounds(node: node, below: value < low, input: input, value: value)
                }
            }
            var normalized = (value - low) / (high - low)
            if flow == .wrap { normalized -= normalized.rounded(.down) }
            let scaled = Double(n) * normalized
            guard scaled >= 0, scaled <= Double(n) else {
                throw .invalid(
                    input: input, value: value, reason: "\(node) cannot place this value in a uniform binning")
            }
            return Int(scaled)
        case .variable(let edges):
            var x = value
            if flow == .wrap, let low = edges.first, let high = edges.last {
                var normalized = (x - low) / (high - low)
                normalized -= normalized.rounded(.down)
                x = low + normalized * (high - low)
            }
            let upper = Self.upperBound(edges, x)
            if upper == 0 || upper == edges.count {
                let below = upper == 0
                switch flow {
                case .value: return edges.count - 1
                case .clamp: return below ? 0 : edges.count - 2
                case .error: throw .outOfBounds(node: node, below: below, input: input, value: x)
                case .wrap:
                    throw .invalid(input: input, value: value, reason: "\(node) cannot wrap this value into its edges")
                }
            }
            return upper - 1
        }
    }

    /// The index of the first edge greater than `x` (`edges.count` when none is, or `x` is NaN).
    @inline(__always)
    private static func upperBound(_ edges: [Double], _ x: Double) -> Int {
        var low = 0
        var high = edges.count
        while low < high {
            let middle = (low + high) >> 1
            if x < edges[middle] {
                high = middle
            } else {
                low = middle + 1
            }
        }
        return low
    }
}
