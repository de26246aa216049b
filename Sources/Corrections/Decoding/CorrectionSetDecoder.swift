// Corrections layer: decodes the top of a correctionlib file — the CorrectionSet, each Correction
// (inputs, output, generic formulas, content) and each CompoundCorrection (whose stack refers to
// corrections of the same set by name).

import Configuration

/// Decodes a parsed correctionlib document.
enum CorrectionSetDecoder {
    static func decode(_ document: ConfigValue) throws(CorrectionError) -> CorrectionSet {
        let top = try JSONObjectReader(
            document, at: "",
            allowed: ["schema_version", "description", "corrections", "compound_corrections", "$schema"],
            required: ["schema_version", "corrections"])
        guard case .int(2) = try top.value("schema_version") else {
            throw schemaError("schema_version", "this evaluator reads schema_version 2")
        }
        var corrections: [Correction] = []
        for (index, item) in try top.array("corrections").enumerated() {
            let correction = try decodeCorrection(item, at: "corrections[\(index)]")
            guard !corrections.contains(where: { $0.name == correction.name }) else {
                throw schemaError("corrections[\(index)].name", "duplicate correction name '\(correction.name)'")
            }
            corrections.append(correction)
        }
        var compounds: [CompoundCorrection] = []
        if let value = top.object["compound_corrections"], value != .null {
            for (index, item) in try top.array("compound_corrections").enumerated() {
                let compound = try decodeCompound(item, at: "compound_corrections[\(index)]", corrections: corrections)
                guard !compounds.contains(where: { $0.name == compound.name }) else {
                    throw schemaError(
                        "compound_corrections[\(index)].name", "duplicate compound correction name '\(compound.name)'")
                }
                compounds.append(compound)
            }
        }
        return CorrectionSet(
            description: try top.optionalString("description"), corrections: corrections, compoundCorrections: compounds
        )
    }

    private static func variable(_ value: ConfigValue, at path: String) throws(CorrectionError) -> Variable {
        let object = try JSONObjectReader(
            value, at: path, allowed: ["name", "type", "description"], required: ["name", "type"])
        let type = try object.string("type")
        guard let kind = Variable.Kind(rawValue: type) else {
            throw schemaError(object.child("type"), "type '\(type)' is not string, int or real")
        }
        return Variable(
            name: try object.string("name"), kind: kind, description: try object.optionalString("description"))
    }

    private static func signature(_ object: JSONObjectReader) throws(CorrectionError) -> (
        inputs: [Variable], output: Variable
    ) {
        var inputs: [Variable] = []
        for (index, item) in try object.array("inputs").enumerated() {
            let input = try variable(item, at: "\(object.child("inputs"))[\(index)]")
            guard !inputs.contains(where: { $0.name == input.name }) else {
                throw schemaError("\(object.child("inputs"))[\(index)]", "duplicate input name '\(input.name)'")
            }
            inputs.append(input)
        }
        let output = try variable(try object.value("output"), at: object.child("output"))
        guard output.kind == .real else {
            throw schemaError(object.child("output.type"), "outputs can only be real, not \(output.kind)")
        }
        return (inputs, output)
    }

    private static func decodeCorrection(_ value: ConfigValue, at path: String) throws(CorrectionError) -> Correction {
        let object = try JSONObjectReader(
            value, at: path,
            allowed: ["name", "description", "version", "inputs", "output", "generic_formulas", "data"],
            required: ["name", "version", "inputs", "output", "data"])
        let name = try object.string("name")
        let (inputs, output) = try signature(object)
        var decoder = NodeDecoder(inputs: inputs)
        if let formulas = object.object["generic_formulas"], formulas != .null {
            for (index, item) in try object.array("generic_formulas").enumerated() {
                decoder.genericFormulas.append(
                    try decoder.formula(item, at: "\(object.child("generic_formulas"))[\(index)]", generic: true))
            }
        }
        let root = try decoder.content(try object.value("data"), at: object.child("data"))
        return Correction(
            name: name, description: try object.optionalString("description"), version: try object.int("version"),
            inputs: inputs, output: output, root: root, strings: decoder.strings)
    }

    private static func decodeCompound(_ value: ConfigValue, at path: String, corrections: [Correction])
        throws(CorrectionError) -> CompoundCorrection
    {
        let object = try JSONObjectReader(
            value, at: path,
            allowed: ["name", "description", "inputs", "output", "inputs_update", "input_op", "output_op", "stack"],
            required: ["name", "inputs", "output", "inputs_update", "input_op", "output_op", "stack"])
        let (inputs, output) = try signature(object)
        func position(_ name: String, at path: String) throws(CorrectionError) -> Int {
            guard let found = inputs.firstIndex(where: { $0.name == name }) else {
                throw schemaError(path, "'\(name)' is not an input of the compound correction")
            }
            return found
        }
        var updated: [Int] = []
        for (index, name) in try object.strings("inputs_update").enumerated() {
            let found = try position(name, at: "\(object.child("inputs_update"))[\(index)]")
            guard inputs[found].kind == .real else {
                throw schemaError(
                    "\(object.child("inputs_update"))[\(index)]", "updated inputs must be real, '\(name)' is not")
            }
            updated.append(found)
        }
        let operations: [String: CompoundCorrection.Operation] = [
            "+": .add, "*": .multiply, "/": .divide, "last": .last,
        ]
        let inputOp = try object.string("input_op")
        guard let inputOperation = operations[inputOp], inputOperation != .last else {
            throw schemaError(object.child("input_op"), "input_op '\(inputOp)' is not +, * or /")
        }
        let outputOp = try object.string("output_op")
        guard let outputOperation = operations[outputOp] else {
            throw schemaError(object.child("output_op"), "output_op '\(outputOp)' is not +, *, / or last")
        }
        var stack: [CompoundCorrection.Step] = []
        for (index, name) in try object.strings("stack").enumerated() {
            let stepPath = "\(object.child("stack"))[\(index)]"
            guard let correction = corrections.first(where: { $0.name == name }) else {
                throw schemaError(stepPath, "the stack names '\(name)', which is not a correction of the set")
            }
            var map: [Int] = []
            for input in correction.inputs {
                let found = try position(input.name, at: stepPath)
                guard inputs[found].kind == input.kind else {
                    throw schemaError(
                        stepPath, "input '\(input.name)' is \(inputs[found].kind) here but \(input.kind) in '\(name)'")
                }
                map.append(found)
            }
            stack.append(CompoundCorrection.Step(correction: correction, inputMap: map))
        }
        return CompoundCorrection(
            name: try object.string("name"), description: try object.optionalString("description"), inputs: inputs,
            output: output, updated: updated, inputOperation: inputOperation, outputOperation: outputOperation,
            stack: stack)
    }
}
