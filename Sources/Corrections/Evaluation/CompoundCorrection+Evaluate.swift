// Corrections layer: evaluating a compound correction — for each correction of the stack, in order:
// evaluate it on its inputs picked from the current values, update the `inputs_update` values with
// `input_op`, and fold its output into the result with `output_op` (the first output starts it).

extension CompoundCorrection {
    /// The compound correction's value for one set of inputs, in the order of ``inputs``.
    ///
    /// - Throws: ``CorrectionError`` as ``Correction/evaluate(_:)``, naming the failing correction of the stack.
    public func evaluate(_ values: [CorrectionValue]) throws(CorrectionError) -> Double {
        let result = try evaluate(values.map { CorrectionColumn.constant($0) }, count: 1)
        return result[0]
    }

    /// The compound correction's value for each of `count` events; `columns` are in the order of ``inputs``.
    public func evaluate(_ columns: [CorrectionColumn], count: Int) throws(CorrectionError) -> [Double] {
        try checkColumns(columns, count: count, against: inputs, in: name)
        // Non-string inputs load once per event into the compound's slots; string inputs load per step,
        // as ids in that step's correction.
        let shared = columns.map { $0.source(StringTable()) }
        let perStep = stack.map { step in
            step.inputMap.enumerated().map { columns[$1].source(step.correction.strings[$0]) }
        }
        let widest = stack.map(\.inputMap.count).max() ?? 0
        return try withSlots(count: inputs.count) { current throws(CorrectionError) -> [Double] in
            try withSlots(count: widest) { slots throws(CorrectionError) -> [Double] in
                var output = [Double](repeating: 0, count: count)
                for event in 0..<count {
                    for position in shared.indices { shared[position].load(event, into: current, at: position) }
                    var result = 0.0
                    for (index, step) in stack.enumerated() {
                        for (slot, position) in step.inputMap.enumerated() {
                            if inputs[position].kind == .string {
                                perStep[index][slot].load(event, into: slots, at: slot)
                            } else {
                                slots.reals[slot] = current.reals[position]
                                slots.ints[slot] = current.ints[position]
                            }
                        }
                        let value: Double
                        do throws(NodeFailure) {
                            value = try step.correction.root.evaluate(slots)
                        } catch {
                            let stepColumns = step.inputMap.map { columns[$0] }
                            throw step.correction.describe(error, event: event, columns: stepColumns)
                        }
                        for position in updated {
                            current.reals[position] = Self.apply(inputOperation, current.reals[position], value)
                        }
                        result = index == 0 ? value : Self.apply(outputOperation, result, value)
                    }
                    output[event] = result
                }
                return output
            }
        }
    }

    private static func apply(_ operation: Operation, _ left: Double, _ right: Double) -> Double {
        switch operation {
        case .add: left + right
        case .multiply: left * right
        case .divide: left / right
        case .last: right
        }
    }
}
