// Corrections layer: decodes a correction's content tree (schema v2 `Content`) into ``Node``s,
// checking what pydantic and correctionlib's C++ loader check: node keys, input names and types,
// edges strictly increasing, content counts, category keys of one type without duplicates,
// formulas that parse and use only real inputs. lwtnn and the implementation-defined `stdnormal`
// distribution are refused with a message saying so.

import Configuration

/// Decodes the content of one correction.
struct NodeDecoder {
    let inputs: [Variable]
    private let positions: [String: Int]
    /// The interned string keys of each input (empty for non-string inputs).
    private(set) var strings: [StringTable]
    /// The correction's `generic_formulas`, with unbound parameter slots.
    var genericFormulas: [Formula] = []

    init(inputs: [Variable]) {
        self.inputs = inputs
        positions = Dictionary(inputs.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        strings = Array(repeating: StringTable(), count: inputs.count)
    }

    /// A `Content` value: a number or a node object.
    mutating func content(_ value: ConfigValue, at path: String) throws(CorrectionError) -> Node {
        switch value {
        case .int, .double: return .constant(try JSONObjectReader.number(value, at: path))
        case .object(let object):
            guard let type = object["nodetype"]?.stringValue else {
                throw schemaError(path, "a content node needs a 'nodetype' string")
            }
            switch type {
            case "binning": return .binning(try binning(value, at: path))
            case "multibinning": return .multiBinning(try multiBinning(value, at: path))
            case "category": return .category(try category(value, at: path))
            case "formula": return .formula(try formula(value, at: path, generic: false))
            case "formularef": return .formula(try formulaRef(value, at: path))
            case "transform": return .transform(try transform(value, at: path))
            case "hashprng": return .hashPRNG(try hashPRNG(value, at: path))
            case "lwtnn":
                throw CorrectionError(
                    .unsupported, location: path,
                    "lwtnn (neural network) nodes are not supported by this evaluator; "
                        + "evaluate this correction with correctionlib in Python"
                )
            default:
                throw schemaError(
                    path,
                    "unknown nodetype '\(type)' (expected binning, multibinning, category, formula, formularef, "
                        + "transform, hashprng)"
                )
            }
        default:
            throw schemaError(path, "expected a number or a node object, found \(value.kindDescription)")
        }
    }

    // MARK: - Inputs

    /// The position of the input `name`, which must not be of `forbidden` kind.
    private func input(_ name: String, at path: String, forbidding forbidden: Variable.Kind? = nil, role: String)
        throws(CorrectionError) -> Int
    {
        guard let position = positions[name] else {
            throw schemaError(
                path,
                "\(role) input '\(name)' is not an input of the correction "
                    + "(\(inputs.map(\.name).joined(separator: ", ")))"
            )
        }
        if let forbidden, inputs[position].kind == forbidden {
            throw schemaError(path, "\(role) cannot use the \(forbidden) input '\(name)'")
        }
        return position
    }

    // MARK: - Binnings

    private mutating func binning(_ value: ConfigValue, at path: String) throws(CorrectionError) -> Binning {
        let node = try JSONObjectReader(
            value, at: path, allowed: ["nodetype", "input", "edges", "content", "flow"],
            required: ["nodetype", "input", "edges", "content", "flow"])
        let edges = try Self.edges(try node.value("edges"), at: node.child("edges"))
        let items = try node.array("content")
        guard items.count == edges.count else {
            throw schemaError(
                node.child("content"),
                "\(items.count) content nodes for \(edges.count) bins (edges give \(edges.count) bins)")
        }
        var content: [Node] = []
        for (index, item) in items.enumerated() {
            content.append(try self.content(item, at: "\(node.child("content"))[\(index)]"))
        }
        let (flow, flowNode) = try flow(try node.value("flow"), at: node.child("flow"))
        content.append(flowNode ?? .constant(0))
        return Binning(
            input: try input(try node.string("input"), at: node.child("input"), forbidding: .string, role: "Binning"),
            edges: edges, flow: flow, content: content)
    }

    private mutating func multiBinning(_ value: ConfigValue, at path: String) throws(CorrectionError) -> MultiBinning {
        let node = try JSONObjectReader(
            value, at: path, allowed: ["nodetype", "inputs", "edges", "content", "flow"],
            required: ["nodetype", "inputs", "edges", "content", "flow"])
        let names = try node.strings("inputs")
        let dimensions = try node.array("edges")
        guard !names.isEmpty, names.count == dimensions.count else {
            throw schemaError(
                path, "MultiBinning needs one edges entry per input (\(names.count) inputs, \(dimensions.count) edges)")
        }
        var axes: [MultiBinning.Axis] = []
        for (index, name) in names.enumerated() {
            let position = try input(
                name, at: "\(node.child("inputs"))[\(index)]", forbidding: .string, role: "MultiBinning")
            axes.append(
                MultiBinning.Axis(
                    input: position, edges: try Self.edges(dimensions[index], at: "\(node.child("edges"))[\(index)]"),
                    stride: 0))
        }
        var stride = 1
        for index in axes.indices.reversed() {
            axes[index].stride = stride
            let (product, overflow) = stride.multipliedReportingOverflow(by: axes[index].edges.count)
            guard !overflow else { throw schemaError(node.child("edges"), "too many bins") }
            stride = product
        }
        let items = try node.array("content")
        guard items.count == stride else {
            throw schemaError(node.child("content"), "\(items.count) content nodes for \(stride) bins")
        }
        var content: [Node] = []
        for (index, item) in items.enumerated() {
            content.append(try self.content(item, at: "\(node.child("content"))[\(index)]"))
        }
        let (flow, flowNode) = try flow(try node.value("flow"), at: node.child("flow"))
        if let flowNode { content.append(flowNode) }
        return MultiBinning(axes: axes, flow: flow, content: content)
    }

    private mutating func flow(_ value: ConfigValue, at path: String) throws(CorrectionError) -> (Flow, Node?) {
        switch value.stringValue {
        case "clamp": return (.clamp, nil)
        case "error": return (.error, nil)
        case "wrap": return (.wrap, nil)
        case let other?: throw schemaError(path, "flow '\(other)' is not clamp, error, wrap or a content node")
        case nil: return (.value, try content(value, at: path))
        }
    }

    /// A list of edges (numbers, or "inf", "+inf", "-inf") or a uniform binning `{n, low, high}`.
    private static func edges(_ value: ConfigValue, at path: String) throws(CorrectionError) -> Edges {
        if value.objectValue != nil {
            let uniform = try JSONObjectReader(
                value, at: path, allowed: ["n", "low", "high"], required: ["n", "low", "high"])
            let n = try uniform.int("n")
            let low = try float(try uniform.value("low"), at: uniform.child("low"))
            let high = try float(try uniform.value("high"), at: uniform.child("high"))
            guard n > 0, n <= Int(Int32.max) else {
                throw schemaError(uniform.child("n"), "the number of bins must be positive, not \(n)")
            }
            guard low < high, low.isFinite, high.isFinite else {
                throw schemaError(path, "uniform binning needs finite low < high, got [\(low), \(high)]")
            }
            return .uniform(n: n, low: low, high: high)
        }
        guard let items = value.arrayValue else {
            throw schemaError(path, "edges must be a list or {n, low, high}, found \(value.kindDescription)")
        }
        var edges: [Double] = []
        for (index, item) in items.enumerated() {
            let edge: Double
            switch item {
            case .string("inf"), .string("+inf"): edge = .infinity
            case .string("-inf"): edge = -.infinity
            default:
                edge = try float(item, at: "\(path)[\(index)]")
                guard edge.isFinite else {
                    throw schemaError(
                        "\(path)[\(index)]", "edges must be finite numbers or the strings \"inf\", \"-inf\"")
                }
            }
            if let last = edges.last, last >= edge {
                throw schemaError("\(path)[\(index)]", "edges are not strictly increasing (\(last) then \(edge))")
            }
            edges.append(edge)
        }
        guard edges.count >= 2 else { throw schemaError(path, "a binning needs at least two edges") }
        return .variable(edges)
    }

    /// A number written as a float (`20.0`, not `20`): correctionlib's C++ loader refuses integer edges.
    private static func float(_ value: ConfigValue, at path: String) throws(CorrectionError) -> Double {
        guard case .double(let number) = value else {
            throw schemaError(
                path,
                value.kindDescription == "an integer"
                    ? "edges must be written as floats (20.0, not 20), as correctionlib requires"
                    : "expected a number, found \(value.kindDescription)")
        }
        return number
    }

    // MARK: - Category, transform, hashprng

    private mutating func category(_ value: ConfigValue, at path: String) throws(CorrectionError) -> Category {
        let node = try JSONObjectReader(
            value, at: path, allowed: ["nodetype", "input", "content", "default"],
            required: ["nodetype", "input", "content"])
        let position = try input(try node.string("input"), at: node.child("input"), forbidding: .real, role: "Category")
        let isString = inputs[position].kind == .string
        var index: [Int64: Int] = [:]
        var content: [Node] = []
        for (itemIndex, item) in try node.array("content").enumerated() {
            let itemPath = "\(node.child("content"))[\(itemIndex)]"
            let entry = try JSONObjectReader(
                item, at: itemPath, allowed: ["key", "value"], required: ["key", "value"])
            let key: Int64
            switch try entry.value("key") {
            case .string(let text) where isString: key = strings[position].intern(text)
            case .int(let number) where !isString: key = Int64(number)
            case let other:
                throw schemaError(
                    entry.child("key"),
                    "a key of the \(inputs[position].kind) input '\(inputs[position].name)' must be "
                        + "\(isString ? "a string" : "an integer"), found \(other.kindDescription)"
                )
            }
            guard index[key] == nil else { throw schemaError(entry.child("key"), "duplicate category key") }
            index[key] = content.count
            content.append(try self.content(try entry.value("value"), at: entry.child("value")))
        }
        var fallback: Node?
        if let value = node.object["default"], value != .null {
            fallback = try self.content(value, at: node.child("default"))
        }
        return Category(input: position, index: index, content: content, fallback: fallback)
    }

    private mutating func transform(_ value: ConfigValue, at path: String) throws(CorrectionError) -> Transform {
        let node = try JSONObjectReader(
            value, at: path, allowed: ["nodetype", "input", "rule", "content"],
            required: ["nodetype", "input", "rule", "content"])
        let position = try input(
            try node.string("input"), at: node.child("input"), forbidding: .string, role: "Transform")
        return Transform(
            input: position, isInteger: inputs[position].kind == .int,
            rule: try content(try node.value("rule"), at: node.child("rule")),
            content: try content(try node.value("content"), at: node.child("content")))
    }

    private func hashPRNG(_ value: ConfigValue, at path: String) throws(CorrectionError) -> HashPRNG {
        let node = try JSONObjectReader(
            value, at: path, allowed: ["nodetype", "inputs", "distribution"],
            required: ["nodetype", "inputs", "distribution"])
        let names = try node.strings("inputs")
        guard !names.isEmpty else { throw schemaError(node.child("inputs"), "hashprng needs at least one input") }
        var sources: [(position: Int, isInteger: Bool)] = []
        for (index, name) in names.enumerated() {
            let position = try input(
                name, at: "\(node.child("inputs"))[\(index)]", forbidding: .string, role: "HashPRNG")
            sources.append((position, inputs[position].kind == .int))
        }
        let distribution: HashPRNG.Distribution
        switch try node.string("distribution") {
        case "stdflat": distribution = .stdflat
        case "normal": distribution = .normal
        case "stdnormal":
            throw CorrectionError(
                .unsupported, location: node.child("distribution"),
                "the 'stdnormal' distribution is implementation-defined (and deprecated by correctionlib); use 'normal'"
            )
        case let other:
            throw schemaError(node.child("distribution"), "distribution '\(other)' is not stdflat, normal or stdnormal")
        }
        return HashPRNG(inputs: sources, distribution: distribution)
    }

    // MARK: - Formulas

    /// A `formula` node; a generic one keeps its parameters as slots.
    mutating func formula(_ value: ConfigValue, at path: String, generic: Bool) throws(CorrectionError) -> Formula {
        let node = try JSONObjectReader(
            value, at: path, allowed: ["nodetype", "expression", "parser", "variables", "parameters"],
            required: ["nodetype", "expression", "parser", "variables"])
        guard try node.string("nodetype") == "formula" else {
            throw schemaError(node.child("nodetype"), "expected 'formula'")
        }
        guard try node.string("parser") == "TFormula" else {
            throw schemaError(node.child("parser"), "the only formula parser is 'TFormula'")
        }
        var variables: [Int] = []
        for (index, name) in try node.strings("variables").enumerated() {
            let position = try input(name, at: "\(node.child("variables"))[\(index)]", role: "Formula")
            guard inputs[position].kind == .real else {
                throw schemaError(
                    "\(node.child("variables"))[\(index)]",
                    "formulas only accept real inputs, '\(name)' is \(inputs[position].kind)")
            }
            variables.append(position)
        }
        let parameters =
            node.object["parameters"].flatMap { $0 == .null ? nil : $0 } == nil ? [] : try node.numbers("parameters")
        let expression = try node.string("expression")
        do {
            let parsed = try FormulaParser.parse(expression, variables: variables)
            return generic ? parsed : try parsed.binding(parameters)
        } catch {
            throw schemaError(
                node.child("expression"), "formula '\(expression)': \(error.message) (at character \(error.offset + 1))"
            )
        }
    }

    private func formulaRef(_ value: ConfigValue, at path: String) throws(CorrectionError) -> Formula {
        let node = try JSONObjectReader(
            value, at: path, allowed: ["nodetype", "index", "parameters"],
            required: ["nodetype", "index", "parameters"])
        let index = try node.int("index")
        guard index >= 0, index < genericFormulas.count else {
            throw schemaError(
                node.child("index"),
                "formularef index \(index) but the correction has \(genericFormulas.count) generic formulas")
        }
        let parameters = try node.numbers("parameters")
        do {
            return try genericFormulas[index].binding(parameters)
        } catch {
            throw schemaError(node.child("parameters"), "generic formula \(index): \(error.message)")
        }
    }
}
