// Corrections layer: evaluating a correction on one set of inputs or on columns over a batch of
// events. Inputs are checked against the correction's types once per call (as correctionlib's
// "Input X has wrong type"), strings are mapped to their interned ids once per column, then the tree
// is walked event by event over contiguous buffers.

extension Correction {
    /// The correction's value for one set of inputs, in the order of ``inputs``.
    ///
    /// - Throws: ``CorrectionError`` for inputs of the wrong number or type, a value outside a binning
    ///   whose flow is "error", or a category key that is missing.
    public func evaluate(_ values: [CorrectionValue]) throws(CorrectionError) -> Double {
        let result = try evaluate(values.map { CorrectionColumn.constant($0) }, count: 1)
        return result[0]
    }

    /// The correction's value for each of `count` events; `columns` are in the order of ``inputs``.
    ///
    /// - Throws: ``CorrectionError`` as ``evaluate(_:)``, naming the first event that fails.
    public func evaluate(_ columns: [CorrectionColumn], count: Int) throws(CorrectionError) -> [Double] {
        try checkColumns(columns, count: count, against: inputs, in: name)
        let sources = columns.indices.map { columns[$0].source(strings[$0]) }
        return try withSlots(count: inputs.count) { slots throws(CorrectionError) -> [Double] in
            var output = [Double](repeating: 0, count: count)
            for event in 0..<count {
                for position in sources.indices { sources[position].load(event, into: slots, at: position) }
                do throws(NodeFailure) {
                    output[event] = try root.evaluate(slots)
                } catch {
                    throw describe(error, event: event, columns: columns)
                }
            }
            return output
        }
    }

    /// The message of a node failure, with the correction's name and the input's value as given.
    func describe(_ failure: NodeFailure, event: Int, columns: [CorrectionColumn]) -> CorrectionError {
        switch failure {
        case .outOfBounds(let node, let below, let input, let value):
            return CorrectionError(
                .outOfBounds, location: name,
                "index \(below ? "below" : "above") bounds in \(node) for input argument \(input) "
                    + "(\(inputs[input].name)) value: \(value)"
            )
        case .missingKey(let input, let key):
            let shown = inputs[input].kind == .string ? columns[input].value(at: event).description : "\(key)"
            return CorrectionError(
                .missingCategory, location: name,
                "index not available in Category for input argument \(input) (\(inputs[input].name)) val: \(shown)")
        case .invalid(let input, let value, let reason):
            return CorrectionError(
                .invalidValue, location: name,
                "\(reason): input argument \(input) (\(inputs[input].name)) value: \(value)")
        }
    }
}

/// Checks that `columns` match `inputs` in number and types and hold `count` values each.
func checkColumns(_ columns: [CorrectionColumn], count: Int, against inputs: [Variable], in name: String)
    throws(CorrectionError)
{
    guard columns.count == inputs.count else {
        throw CorrectionError(
            .wrongInputs, location: name, "incorrect number of inputs (got \(columns.count), expected \(inputs.count))")
    }
    for (column, input) in zip(columns, inputs) {
        guard column.kind == input.kind else {
            throw CorrectionError(
                .wrongInputs, location: name,
                "input \(input.name) has wrong type: got \(column.kind) expected \(input.kind)")
        }
        if let length = column.count, length != count {
            throw CorrectionError(
                .wrongInputs, location: name, "input \(input.name) has \(length) values for \(count) events")
        }
    }
}
