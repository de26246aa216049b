// Columnar layer: what expressions compute, per event of a frame — numbers and truth values (one per
// event, or a jagged list per event), object collections, single objects, and four-vectors.

import Foundation

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

/// Per-event four-vectors (px, py, pz, E); NaN marks an event without the object.
public struct FourVectors: Sendable {
    public var px: [Double]
    public var py: [Double]
    public var pz: [Double]
    public var energy: [Double]

    public var pt: [Double] { zip(px, py).map { ($0 * $0 + $1 * $1).squareRoot() } }
    public var mass: [Double] {
        (0..<px.count).map { index in
            let squared =
                energy[index] * energy[index] - px[index] * px[index] - py[index] * py[index] - pz[index] * pz[index]
            return squared.isNaN ? .nan : (squared > 0 ? squared.squareRoot() : -(-squared).squareRoot())
        }
    }
    public var eta: [Double] {
        (0..<px.count).map { index in
            let pt = (px[index] * px[index] + py[index] * py[index]).squareRoot()
            return pt == 0 ? (pz[index] >= 0 ? .infinity : -.infinity) : asinh(pz[index] / pt)
        }
    }
    public var phi: [Double] { zip(py, px).map { atan2($0, $1) } }

    /// Four-vectors from arrays of pt, eta, phi and mass.
    init(pt: [Double], eta: [Double], phi: [Double], mass: [Double]) {
        let count = pt.count
        var (px, py, pz, energy) = (
            [Double](repeating: 0, count: count), [Double](repeating: 0, count: count),
            [Double](repeating: 0, count: count), [Double](repeating: 0, count: count)
        )
        for index in 0..<count {
            (px[index], py[index], pz[index], energy[index]) = Self.components(
                pt: pt[index], eta: eta[index], phi: phi[index], mass: mass[index])
        }
        self.init(px: px, py: py, pz: pz, energy: energy)
    }

    public init(px: [Double], py: [Double], pz: [Double], energy: [Double]) {
        self.px = px
        self.py = py
        self.pz = pz
        self.energy = energy
    }

    /// From pt, eta, phi, mass.
    static func components(pt: Double, eta: Double, phi: Double, mass: Double) -> (Double, Double, Double, Double) {
        let px = pt * cos(phi)
        let py = pt * sin(phi)
        let pz = pt * sinh(eta)
        let p2 = px * px + py * py + pz * pz
        return (px, py, pz, (p2 + mass * mass).squareRoot())
    }
}

/// One object of a collection per event (an index into the collection's content, -1 when absent).
public struct ObjectValue {
    public let collection: CollectionValue
    public let index: [Int32]

    /// A field of the chosen objects; NaN where there is no object.
    func numbers(_ field: String) throws -> [Double] {
        let values = try collection.numbers(field)
        return index.map { $0 < 0 ? .nan : values[Int($0)] }
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
