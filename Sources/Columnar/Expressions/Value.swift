// Columnar layer: what expressions compute, per event of a frame — numbers and truth values (one per
// event, or a jagged list per event), object collections, single objects, and four-vectors.

/// The static type of an expression, checked when it is compiled.
public indirect enum ValueType: Sendable, Hashable, CustomStringConvertible {
    case number, boolean, jaggedNumber, jaggedBoolean
    case collection(CollectionType)
    case object(CollectionType)
    case vector

    public var description: String {
        switch self {
        case .number: "a number per event"
        case .boolean: "a truth value per event"
        case .jaggedNumber: "a list of numbers per event"
        case .jaggedBoolean: "a list of truth values per event"
        case .collection(let type): "the collection \(type.name)"
        case .object(let type): "one \(type.name) object per event"
        case .vector: "a four-vector per event"
        }
    }
}

/// A computed value over the events of a frame.
public enum Value {
    case constant(Double)
    case constantBool(Bool)
    case numbers([Double])
    case booleans([Bool])
    case jaggedNumbers(Jagged<Double>)
    case jaggedBooleans(Jagged<Bool>)
    case collection(CollectionValue)
    case object(ObjectValue)
    case vectors(FourVectors)

    /// One number per event (`count` events), broadcasting a constant.
    public func eventNumbers(count: Int) throws(EvaluationError) -> [Double] {
        switch self {
        case .constant(let value): return Array(repeating: value, count: count)
        case .numbers(let values): return values
        case .booleans(let values): return values.map { $0 ? 1 : 0 }
        case .constantBool(let value): return Array(repeating: value ? 1 : 0, count: count)
        default: throw EvaluationError("expected a number per event")
        }
    }

    /// One truth value per event (`count` events), broadcasting a constant.
    public func eventBooleans(count: Int) throws(EvaluationError) -> [Bool] {
        switch self {
        case .constantBool(let value): return Array(repeating: value, count: count)
        case .booleans(let values): return values
        default: throw EvaluationError("expected a truth value per event")
        }
    }
}

/// One object of a collection per event (an index into the collection's content, -1 when absent).
public struct ObjectValue {
    public let collection: CollectionValue
    public let index: [Int32]

    /// A field of the chosen objects; NaN where there is no object.
    func numbers(_ field: String) throws -> [Double] {
        try collection.numbers(field, at: index)
    }

    /// A boolean field of the chosen objects; false where there is no object.
    func booleans(_ field: String) throws -> [Bool] {
        let values = try collection.booleans(field)
        return index.map { $0 < 0 ? false : values[Int($0)] }
    }

    var vectors: FourVectors {
        get throws {
            FourVectors(
                pt: try numbers("pt"), eta: try numbers("eta"), phi: try numbers("phi"), mass: try numbers("mass"))
        }
    }
}
