// Analysis layer: a correctionlib weight over one chunk — its input expressions evaluated once, then
// the correction on whole columns; for list inputs, once per object and multiplied per event.

import Columnar
import Corrections

extension CorrectionWeight {
    /// The weight of each of `count` events with the inputs `arguments` (nominal, up or down).
    ///
    /// - Throws: ``EvaluationError`` naming the weight: an int input that is not whole, list inputs of
    ///   different collections, or the correction's own failure (a value out of bounds, a missing key).
    func factors(_ arguments: [Argument], weight: String, evaluation: Evaluation, count: Int) throws -> [Double] {
        var columns: [CorrectionColumn] = []
        var perObject: [Bool] = []
        var shape: [Int32]?
        for argument in arguments {
            switch argument {
            case .literal(let value):
                columns.append(.constant(value))
                perObject.append(false)
            case .expression(let compiled, let text, let kind):
                let numbers: [Double]
                switch try evaluation.evaluate(compiled) {
                case .jaggedNumbers(let list):
                    try Self.check(list.offsets, against: &shape, weight: weight, text: text)
                    numbers = list.content
                    perObject.append(true)
                case .jaggedBooleans(let list):
                    try Self.check(list.offsets, against: &shape, weight: weight, text: text)
                    numbers = list.content.map { $0 ? 1 : 0 }
                    perObject.append(true)
                case let value:
                    numbers = try value.eventNumbers(count: count)
                    perObject.append(false)
                }
                columns.append(
                    kind == .int ? .ints(try Self.integers(numbers, weight: weight, text: text)) : .reals(numbers))
            }
        }
        guard let shape else { return try evaluate(columns, count: count, weight: weight) }
        let parents = Offsets.parents(shape)
        let objects = parents.count
        let broadcast = zip(columns, perObject).map { column, isList in
            isList ? Self.prefix(column, objects) : Self.broadcast(column, parents)
        }
        let values = try evaluate(broadcast, count: objects, weight: weight)
        var weights = [Double](repeating: 1, count: count)
        for event in 0..<count {
            for object in Int(shape[event])..<Int(shape[event + 1]) { weights[event] *= values[object] }
        }
        return weights
    }

    private func evaluate(_ columns: [CorrectionColumn], count: Int, weight: String) throws -> [Double] {
        do {
            return try correction.evaluate(columns, count: count)
        } catch {
            throw EvaluationError("weight '\(weight)': \(error)")
        }
    }

    private static func check(_ offsets: [Int32], against shape: inout [Int32]?, weight: String, text: String) throws {
        if let shape, shape != offsets {
            throw EvaluationError(
                "weight '\(weight)': the list input '\(text)' does not have the objects of the other list inputs")
        }
        shape = offsets
    }

    /// The values as ints, each of which must be whole.
    private static func integers(_ numbers: [Double], weight: String, text: String) throws -> [Int64] {
        var result = [Int64](repeating: 0, count: numbers.count)
        for (index, number) in numbers.enumerated() {
            guard number == number.rounded(), abs(number) < 0x1p63 else {
                throw EvaluationError(
                    "weight '\(weight)': the int input '\(text)' gave \(number), which is not a whole number")
            }
            result[index] = Int64(number)
        }
        return result
    }

    /// A per-event column repeated for each object of its event.
    private static func broadcast(_ column: CorrectionColumn, _ parents: [Int32]) -> CorrectionColumn {
        switch column {
        case .reals(let values): .reals(parents.map { values[Int($0)] })
        case .ints(let values): .ints(parents.map { values[Int($0)] })
        case .strings(let values): .strings(parents.map { values[Int($0)] })
        case .constant: column
        }
    }

    /// The first `count` values of a list column (its content may hold more than its offsets cover).
    private static func prefix(_ column: CorrectionColumn, _ count: Int) -> CorrectionColumn {
        switch column {
        case .reals(let values): .reals(Array(values.prefix(count)))
        case .ints(let values): .ints(Array(values.prefix(count)))
        case .strings(let values): .strings(Array(values.prefix(count)))
        case .constant: column
        }
    }
}
