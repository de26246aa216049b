// Analysis layer: a weight read from a correctionlib file. Its inputs are expressions of the analysis
// language or literals (`'nominal'` quoted for a string, a number for an int or real), checked
// against the correction's input types when the plan is compiled. A per-event expression gives one
// value per event; a list expression (`MuonGood.pt`) evaluates the correction per object and the
// event's weight is the product over its objects.
//
//   weights:
//     definitions:
//       pileup:
//         file: corrections/puWeights.json.gz
//         correction: Collisions18_UltraLegacy_goldenJSON
//         inputs: [Pileup_nTrueInt, "'nominal'"]
//         up: [Pileup_nTrueInt, "'up'"]
//         down: [Pileup_nTrueInt, "'down'"]

import Columnar
import Configuration
import Corrections

/// A weight computed by a correctionlib correction.
struct CorrectionWeight: Sendable {
    /// One input of the correction.
    enum Argument: Sendable {
        /// The same value for every event.
        case literal(CorrectionValue)
        /// An expression, giving reals or (checked to be whole) ints.
        case expression(Compiled, text: String, kind: Variable.Kind)
    }

    let correction: Correction
    let nominal: [Argument]
    let up: [Argument]?
    let down: [Argument]?

    /// The keys of a correction weight definition.
    static let keys = ["file", "correction", "inputs", "up", "down"]

    /// Builds the weight `name` from its definition, loading its file through `files` (one load per file).
    static func build(
        _ name: String, _ definition: OrderedObject, files: inout [String: CorrectionSet], builder: inout PlanBuilder
    ) throws(ConfigurationError) -> CorrectionWeight {
        let location = "weights.definitions.\(name)"
        for key in definition.keys where !keys.contains(key) {
            throw ConfigurationError(
                .unknownKey, location: "\(location).\(key)", "unknown key '\(key)' in correction weight '\(name)'",
                fix: "use \(keys.joined(separator: ", "))")
        }
        guard let file = definition["file"]?.stringValue, let correctionName = definition["correction"]?.coercedString
        else {
            throw builder.invalid(
                location, "a correction weight needs 'file:' (a correctionlib JSON) and 'correction:'")
        }
        let set: CorrectionSet
        if let loaded = files[file] {
            set = loaded
        } else {
            do {
                set = try CorrectionSet.load(path: file)
            } catch {
                throw ConfigurationError(.invalidValue, location: "\(location).file", "weight '\(name)': \(error)")
            }
            files[file] = set
        }
        let correction: Correction
        do {
            correction = try set.correction(correctionName)
        } catch {
            throw ConfigurationError(
                .invalidValue, location: "\(location).correction", "weight '\(name)': \(error.message)")
        }
        func arguments(_ key: String, builder: inout PlanBuilder) throws(ConfigurationError) -> [Argument]? {
            guard let value = definition[key], value != .null else { return nil }
            return try Self.arguments(
                value, at: "\(location).\(key)", weight: name, correction: correction, builder: &builder)
        }
        guard let nominal = try arguments("inputs", builder: &builder) else {
            throw builder.invalid(
                location,
                "weight '\(name)' needs 'inputs:', one per input of '\(correction.name)': \(Self.signature(correction))"
            )
        }
        return CorrectionWeight(
            correction: correction, nominal: nominal, up: try arguments("up", builder: &builder),
            down: try arguments("down", builder: &builder))
    }

    /// `name (type), …` of the correction's inputs.
    static func signature(_ correction: Correction) -> String {
        correction.inputs.map { "\($0.name) (\($0.kind))" }.joined(separator: ", ")
    }

    private static func arguments(
        _ value: ConfigValue, at location: String, weight: String, correction: Correction, builder: inout PlanBuilder
    ) throws(ConfigurationError) -> [Argument] {
        guard let items = value.arrayValue, items.count == correction.inputs.count else {
            throw builder.invalid(
                location,
                "weight '\(weight)': '\(correction.name)' takes \(correction.inputs.count) inputs: "
                    + signature(correction)
            )
        }
        var result: [Argument] = []
        for (index, (item, input)) in zip(items, correction.inputs).enumerated() {
            let place = "\(location)[\(index)]"
            let written: String
            switch item {
            case .string(let text): written = "the string \(text)"
            case .int(let number): written = "the integer \(number)"
            case .double(let number): written = "the number \(number)"
            default: written = item.kindDescription
            }
            let mismatch = builder.invalid(
                place,
                "weight '\(weight)': input \(index) of '\(correction.name)' (\(input.name)) is \(input.kind), "
                    + "not \(written)"
            )
            switch (item, input.kind) {
            case (.int(let number), .int): result.append(.literal(.int(Int64(number))))
            case (.int(let number), .real): result.append(.literal(.real(Double(number))))
            case (.double(let number), .real): result.append(.literal(.real(number)))
            case (.string(let text), _):
                if let literal = quoted(text) {
                    guard input.kind == .string else { throw mismatch }
                    result.append(.literal(.string(literal)))
                } else {
                    guard input.kind != .string else {
                        throw builder.invalid(
                            place,
                            "weight '\(weight)': input \(index) of '\(correction.name)' (\(input.name)) is a string; "
                                + "write a quoted literal such as \"'nominal'\""
                        )
                    }
                    let compiled = try builder.compile(
                        text, at: place, expecting: [.number, .boolean, .jaggedNumber, .jaggedBoolean],
                        what: "a correction input")
                    result.append(.expression(compiled, text: text, kind: input.kind))
                }
            default: throw mismatch
            }
        }
        return result
    }

    /// The text inside single or double quotes, or nil when `text` is not quoted.
    private static func quoted(_ text: String) -> String? {
        guard text.count >= 2, let first = text.first, first == "'" || first == "\"", text.last == first else {
            return nil
        }
        return String(text.dropFirst().dropLast())
    }
}
