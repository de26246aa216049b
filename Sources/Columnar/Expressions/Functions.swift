// Columnar layer: the functions of the expression language — element-wise math, per-event reductions
// of lists, kinematics (four-vector sums, ΔR, Δφ), cleaning (ΔR to the nearest object of another
// collection) and combinations.

import Foundation

enum Functions {
    /// Element-wise functions of one number, each applied in its own specialized loop.
    static let math: [String: @Sendable (Lifted<Double>) -> Lifted<Double>] = [
        "abs": { Elementwise.map($0) { Swift.abs($0) } }, "sqrt": { Elementwise.map($0) { $0.squareRoot() } },
        "exp": { Elementwise.map($0) { Foundation.exp($0) } }, "log": { Elementwise.map($0) { Foundation.log($0) } },
        "log10": { Elementwise.map($0) { Foundation.log10($0) } },
        "sin": { Elementwise.map($0) { Foundation.sin($0) } }, "cos": { Elementwise.map($0) { Foundation.cos($0) } },
        "tan": { Elementwise.map($0) { Foundation.tan($0) } }, "asin": { Elementwise.map($0) { Foundation.asin($0) } },
        "acos": { Elementwise.map($0) { Foundation.acos($0) } },
        "atan": { Elementwise.map($0) { Foundation.atan($0) } },
        "sinh": { Elementwise.map($0) { Foundation.sinh($0) } },
        "cosh": { Elementwise.map($0) { Foundation.cosh($0) } },
        "tanh": { Elementwise.map($0) { Foundation.tanh($0) } },
    ]
    /// Element-wise functions of two numbers, each applied in its own specialized loop.
    static let math2: [String: @Sendable (Lifted<Double>, Lifted<Double>) throws(EvaluationError) -> Lifted<Double>] = [
        "atan2": { a, b throws(EvaluationError) in try Elementwise.combine(a, b) { Foundation.atan2($0, $1) } },
        "pow": { a, b throws(EvaluationError) in try Elementwise.combine(a, b) { Foundation.pow($0, $1) } },
        "min": { a, b throws(EvaluationError) in try Elementwise.combine(a, b) { Swift.min($0, $1) } },
        "max": { a, b throws(EvaluationError) in try Elementwise.combine(a, b) { Swift.max($0, $1) } },
    ]
    static let names =
        Array(math.keys) + Array(math2.keys) + [
            "count", "sum", "any", "all", "first", "argmin", "argmax", "at", "deltaPhi", "deltaR", "deltaR_min",
            "mass", "pt", "eta", "phi", "combinations", "concat",
        ]

    static func compile(_ name: String, _ arguments: [Compiled], node: Syntax, scope: inout ExpressionScope)
        throws(ExpressionError) -> Compiled
    {
        let text = scope.currentText
        func fail(_ message: String) -> ExpressionError { ExpressionError(message, in: text, at: node.position) }
        func expect(_ count: Int) throws(ExpressionError) {
            guard arguments.count == count else {
                throw fail("\(name)() takes \(count) argument\(count == 1 ? "" : "s"), not \(arguments.count)")
            }
        }
        let numeric: Set<ValueType> = [.number, .jaggedNumber]
        if let function = math[name] {
            try expect(1)
            guard numeric.contains(arguments[0].type) else {
                throw fail("\(name)() needs numbers, not \(arguments[0].type)")
            }
            let argument = arguments[0]
            return Compiled(type: argument.type) { evaluation in
                Elementwise.value(function(try Elementwise.numbers(try argument.run(evaluation))))
            }
        }
        if let function = math2[name], arguments.count == 2 {
            guard numeric.contains(arguments[0].type), numeric.contains(arguments[1].type) else {
                throw fail("\(name)() needs numbers")
            }
            let (a, b) = (arguments[0], arguments[1])
            let jagged = a.type == .jaggedNumber || b.type == .jaggedNumber
            return Compiled(type: jagged ? .jaggedNumber : .number) { evaluation in
                Elementwise.value(
                    try function(
                        try Elementwise.numbers(try a.run(evaluation)), try Elementwise.numbers(try b.run(evaluation))))
            }
        }
        switch name {
        case "count":
            try expect(1)
            let argument = arguments[0]
            switch argument.type {
            case .jaggedBoolean:
                // count(Jet.pt > 40): how many objects pass, as ak.count_nonzero.
                return Compiled(type: .number) { evaluation in
                    guard case .jaggedBooleans(let jagged) = try argument.run(evaluation) else {
                        throw EvaluationError("no list")
                    }
                    return .numbers(jagged.trueCounts)
                }
            case .collection, .jaggedNumber:
                return Compiled(type: .number) { evaluation in
                    let offsets = try Self.offsets(try argument.run(evaluation))
                    return .numbers((0..<offsets.count - 1).map { Double(offsets[$0 + 1] - offsets[$0]) })
                }
            default: throw fail("count() needs a collection or a list, not \(argument.type)")
            }
        case "sum", "min", "max", "first", "argmin", "argmax", "any", "all":
            try expect(1)
            if name == "sum", case .collection(let type) = arguments[0].type { scope.recordKinematics(type) }
            return try reduction(name, arguments[0], fail)
        case "at":
            try expect(3)
            guard arguments[0].type == .jaggedNumber, arguments[1].type == .number, arguments[2].type == .number else {
                throw fail("at(list, index, default) needs a list of numbers, an index and a default")
            }
            let (list, index, fallback) = (arguments[0], arguments[1], arguments[2])
            return Compiled(type: .number) { evaluation in
                guard case .jaggedNumbers(let jagged) = try list.run(evaluation) else {
                    throw EvaluationError("not a list")
                }
                let indices = globalIndices(
                    jagged.offsets, try index.run(evaluation).eventNumbers(count: jagged.events))
                let defaults = try fallback.run(evaluation).eventNumbers(count: jagged.events)
                return .numbers(indices.enumerated().map { $1 < 0 ? defaults[$0] : jagged.content[Int($1)] })
            }
        case "mass", "pt", "eta", "phi":
            try expect(1)
            guard isKinematic(arguments[0].type) else { throw fail("\(name)() needs an object or a four-vector") }
            scope.recordKinematics(arguments[0].type)
            let argument = arguments[0]
            return Compiled(type: .number) { evaluation in
                .numbers(kinematic(name, try vectors(try argument.run(evaluation))))
            }
        case "deltaPhi", "deltaR":
            try expect(2)
            for argument in arguments { scope.recordKinematics(argument.type) }
            return try separation(name, arguments[0], arguments[1], fail)
        case "deltaR_min":
            // Only eta and phi: the mass branches of cleaned collections were read for nothing.
            var collections = arguments.compactMap { argument -> CollectionType? in
                if case .collection(let type) = argument.type { type } else { nil }
            }
            if arguments.count == 1, let current = scope.currentCollection { collections.append(current) }
            for collection in collections {
                scope.recordField(collection, "eta")
                scope.recordField(collection, "phi")
            }
            return try nearest(arguments, scope: scope, fail)
        case "combinations":
            try expect(2)
            guard case .collection(let type) = arguments[0].type, type.hasFourMomentum || type.origin == .subset else {
                throw fail("combinations() needs a collection of objects with pt, eta, phi and mass")
            }
            let k = arguments[1]
            guard case .number = k.type else { throw fail("combinations(collection, k) needs k = 2 or 3") }
            scope.recordKinematics(type)
            let source = arguments[0]
            var combined = type
            combined.name = "combinations(\(type.name))"
            combined.origin = .combinations(0)
            combined.fields = type.fields.filter { $0.value == .number }
            let resultType = combined
            return Compiled(type: .collection(resultType)) { evaluation in
                guard case .collection(let parent) = try source.run(evaluation),
                    case .constant(let size) = try k.run(evaluation), size == 2 || size == 3
                else { throw EvaluationError("combinations(collection, k) needs a constant k of 2 or 3") }
                return .collection(parent.combinations(Int(size), type: resultType))
            }
        case "concat":
            try expect(2)
            guard case .collection(let first) = arguments[0].type, case .collection(let second) = arguments[1].type
            else {
                throw fail("concat(A, B) joins two collections")
            }
            // A field used later is read from both sides' branches (see ExpressionScope.recordField).
            var joined = CollectionType(
                name: "concat(\(first.name), \(second.name))",
                fields: first.fields.filter { second.fields[$0.key] == $0.value }, origin: .subset,
                parts: [first, second])
            joined.fields["source"] = .number
            let (a, b, type) = (arguments[0], arguments[1], joined)
            return Compiled(type: .collection(type)) { evaluation in
                guard case .collection(let left) = try a.run(evaluation),
                    case .collection(let right) = try b.run(evaluation)
                else { throw EvaluationError("concat() needs collections") }
                return .collection(left.concatenated(with: right, type: type))
            }
        default:
            let known = names.sorted().joined(separator: ", ")
            throw fail("unknown function '\(name)' (known: \(known))")
        }
    }

    private static func reduction(
        _ name: String, _ argument: Compiled, _ fail: (String) -> ExpressionError
    ) throws(ExpressionError) -> Compiled {
        switch (name, argument.type) {
        case ("sum", .collection(let type)) where type.hasFourMomentum || type.origin == .subset:
            return Compiled(type: .vector) { evaluation in
                guard case .collection(let collection) = try argument.run(evaluation) else {
                    throw EvaluationError("no collection")
                }
                let parts = try collection.components()
                func sums(_ component: [Double]) -> [Double] {
                    Elementwise.reduce(Jagged(offsets: collection.offsets, content: component), total)
                }
                return .vectors(
                    FourVectors(px: sums(parts.px), py: sums(parts.py), pz: sums(parts.pz), energy: sums(parts.energy)))
            }
        case ("sum", .jaggedBoolean):
            return Compiled(type: .number) { evaluation in
                guard case .jaggedBooleans(let jagged) = try argument.run(evaluation) else {
                    throw EvaluationError("no list")
                }
                return .numbers(jagged.trueCounts)
            }
        case ("any", .jaggedBoolean), ("all", .jaggedBoolean):
            let any = name == "any"
            return Compiled(type: .boolean) { evaluation in
                guard case .jaggedBooleans(let jagged) = try argument.run(evaluation) else {
                    throw EvaluationError("no list")
                }
                return .booleans(any ? Elementwise.reduce(jagged, anyTrue) : Elementwise.reduce(jagged, allTrue))
            }
        case ("first", .jaggedBoolean):
            return Compiled(type: .boolean) { evaluation in
                guard case .jaggedBooleans(let jagged) = try argument.run(evaluation) else {
                    throw EvaluationError("no list")
                }
                return .booleans(
                    Elementwise.reduce(jagged) { flags, range in range.isEmpty ? false : flags[range.lowerBound] })
            }
        case (_, .jaggedNumber) where name != "any" && name != "all":
            // Each keeps the element Sequence.min()/max() and min(by:)/max(by:) keep: the first
            // minimum and the last maximum, and a NaN where they would.
            let reduce: @Sendable (UnsafeBufferPointer<Double>, Range<Int>) -> Double =
                switch name {
                case "sum": total
                case "min": { values, range in extreme(values, range, last: false).map { values[$0] } ?? .nan }
                case "max": { values, range in extreme(values, range, last: true).map { values[$0] } ?? .nan }
                case "first": { values, range in range.isEmpty ? .nan : values[range.lowerBound] }
                case "argmin":
                    { values, range in
                        extreme(values, range, last: false).map { Double($0 - range.lowerBound) } ?? .nan
                    }
                default:
                    { values, range in
                        extreme(values, range, last: true).map { Double($0 - range.lowerBound) } ?? .nan
                    }
                }
            return Compiled(type: .number) { evaluation in
                guard case .jaggedNumbers(let jagged) = try argument.run(evaluation) else {
                    throw EvaluationError("no list")
                }
                return .numbers(Elementwise.reduce(jagged, reduce))
            }
        default:
            throw fail("\(name)() cannot reduce \(argument.type)")
        }
    }

    /// The sum of the values in `range`, added in order.
    private static func total(_ values: UnsafeBufferPointer<Double>, _ range: Range<Int>) -> Double {
        var sum = 0.0
        for index in range { sum += values[index] }
        return sum
    }

    /// Whether a flag in `range` is true.
    private static func anyTrue(_ flags: UnsafeBufferPointer<Bool>, _ range: Range<Int>) -> Bool {
        for index in range where flags[index] { return true }
        return false
    }

    /// Whether every flag in `range` is true (true when empty).
    private static func allTrue(_ flags: UnsafeBufferPointer<Bool>, _ range: Range<Int>) -> Bool {
        for index in range where !flags[index] { return false }
        return true
    }

    /// The position of the smallest value in `range` (the first of equal ones), or of the largest
    /// (`last`: the last of equal ones), as `min(by: <)` and `max(by: <)` pick it; `nil` when empty.
    ///
    /// The best index and value are chosen by selects, not branches: which value wins is data, and a
    /// branch on it mispredicts about once per event.
    @inline(__always)
    private static func extreme(_ values: UnsafeBufferPointer<Double>, _ range: Range<Int>, last: Bool) -> Int? {
        guard var best = range.first else { return nil }
        var bestValue = values[best]
        for index in range.dropFirst() {
            let value = values[index]
            let better = last ? !(value < bestValue) : value < bestValue
            best = better ? index : best
            bestValue = better ? value : bestValue
        }
        return best
    }

    private static func separation(
        _ name: String, _ left: Compiled, _ right: Compiled, _ fail: (String) -> ExpressionError
    ) throws(ExpressionError) -> Compiled {
        let deltaR = name == "deltaR"
        switch (left.type, right.type) {
        case (let a, let b) where isKinematic(a) && isKinematic(b):
            return Compiled(type: .number) { evaluation in
                let (u, v) = (try vectors(try left.run(evaluation)), try vectors(try right.run(evaluation)))
                let (eta1, phi1, eta2, phi2) = (u.eta, u.phi, v.eta, v.phi)
                return .numbers((0..<eta1.count).map { measure(eta1[$0], phi1[$0], eta2[$0], phi2[$0], deltaR) })
            }
        case (.collection, let b) where isKinematic(b):
            return Compiled(type: .jaggedNumber) { evaluation in
                guard case .collection(let collection) = try left.run(evaluation) else {
                    throw EvaluationError("no collection")
                }
                let other = try vectors(try right.run(evaluation))
                let (eta2, phi2) = (other.eta, other.phi)
                let (eta1, phi1) = (try collection.numbers("eta"), try collection.numbers("phi"))
                let parents = Offsets.parents(collection.offsets)
                return .jaggedNumbers(
                    Jagged(
                        offsets: collection.offsets,
                        content: parents.enumerated().map { index, event in
                            measure(eta1[index], phi1[index], eta2[Int(event)], phi2[Int(event)], deltaR)
                        }))
            }
        default:
            throw fail("\(name)() needs two objects or four-vectors (or a collection and an object)")
        }
    }

    /// ΔR from each object of a collection (the `where` collection, or the first argument) to the
    /// nearest object of another collection in the same event; +∞ when that one is empty.
    private static func nearest(_ arguments: [Compiled], scope: ExpressionScope, _ fail: (String) -> ExpressionError)
        throws(ExpressionError) -> Compiled
    {
        let usesCurrent = arguments.count == 1
        guard arguments.count == (usesCurrent ? 1 : 2), scope.currentCollection != nil || !usesCurrent else {
            throw fail(
                "deltaR_min(Other) is used in a 'where' condition; elsewhere write deltaR_min(Collection, Other)")
        }
        let source = usesCurrent ? nil : arguments[0]
        let other = arguments[usesCurrent ? 0 : 1]
        for argument in arguments {
            guard case .collection = argument.type else { throw fail("deltaR_min() needs collections") }
        }
        return Compiled(type: .jaggedNumber) { evaluation in
            let collection: CollectionValue
            if let source {
                guard case .collection(let value) = try source.run(evaluation) else {
                    throw EvaluationError("no collection")
                }
                collection = value
            } else {
                guard let current = evaluation.current else { throw EvaluationError("no current collection") }
                collection = current
            }
            guard case .collection(let others) = try other.run(evaluation) else {
                throw EvaluationError("no collection")
            }
            let (eta1, phi1) = (try collection.numbers("eta"), try collection.numbers("phi"))
            let (eta2, phi2) = (try others.numbers("eta"), try others.numbers("phi"))
            let content = nearestDistances(
                collection.offsets, eta1, phi1, others: others.offsets, eta2, phi2)
            return .jaggedNumbers(Jagged(offsets: collection.offsets, content: content))
        }
    }

    /// For each object of the first collection, the ΔR to the nearest object of the same event in the
    /// second (infinity when there is none). The minimum is taken over ΔR², then one square root: the
    /// same value, as the square root is monotonic and correctly rounded.
    private static func nearestDistances(
        _ offsets: [Int32], _ eta1: [Double], _ phi1: [Double], others: [Int32], _ eta2: [Double], _ phi2: [Double]
    ) -> [Double] {
        [Double](unsafeUninitializedCapacity: Int(offsets.last ?? 0)) { target, count in
            eta1.withUnsafeBufferPointer { eta1 in
                phi1.withUnsafeBufferPointer { phi1 in
                    eta2.withUnsafeBufferPointer { eta2 in
                        phi2.withUnsafeBufferPointer { phi2 in
                            for event in 0..<offsets.count - 1 {
                                let candidates = Int(others[event])..<Int(others[event + 1])
                                for index in Int(offsets[event])..<Int(offsets[event + 1]) {
                                    var best = Double.infinity
                                    for other in candidates {
                                        let deta = eta1[index] - eta2[other]
                                        let dphi = wrappedDeltaPhi(phi1[index], phi2[other])
                                        best = Swift.min(best, deta * deta + dphi * dphi)
                                    }
                                    target[index] = best.squareRoot()
                                }
                            }
                        }
                    }
                }
            }
            count = Int(offsets.last ?? 0)
        }
    }

    /// φ1 − φ2 in [−π, π): the remainder of the difference by 2π, moved into [−π, π). The remainder is skipped when the
    /// difference is within ±2π, where it would return the difference unchanged; angles in [−π, π) always
    /// are, so that test never mispredicts, while the two corrections are selects: a test for ±π took a
    /// wrong turn for a quarter of uniform angle pairs.
    @inline(__always)
    static func wrappedDeltaPhi(_ phi1: Double, _ phi2: Double) -> Double {
        let difference = phi1 - phi2
        var dphi = abs(difference) < 2 * .pi ? difference : difference.truncatingRemainder(dividingBy: 2 * .pi)
        dphi = dphi >= .pi ? dphi - 2 * .pi : dphi
        dphi = dphi < -.pi ? dphi + 2 * .pi : dphi
        return dphi
    }

    static func measure(_ eta1: Double, _ phi1: Double, _ eta2: Double, _ phi2: Double, _ deltaR: Bool) -> Double {
        let dphi = wrappedDeltaPhi(phi1, phi2)
        guard deltaR else { return dphi }
        let deta = eta1 - eta2
        return (deta * deta + dphi * dphi).squareRoot()
    }

    static func offsets(_ value: Value) throws -> [Int32] {
        switch value {
        case .collection(let collection): collection.offsets
        case .jaggedNumbers(let jagged): jagged.offsets
        case .jaggedBooleans(let jagged): jagged.offsets
        default: throw EvaluationError("not a list")
        }
    }

    /// Content indices of element `index[event]` of each event; -1 when out of range or not a number.
    static func globalIndices(_ offsets: [Int32], _ indices: [Double]) -> [Int32] {
        indices.enumerated().map { event, position in
            guard position.isFinite, position >= 0 else { return -1 }
            let global = Int(offsets[event]) + Int(position)
            return global < Int(offsets[event + 1]) ? Int32(global) : -1
        }
    }

    static func isKinematic(_ type: ValueType) -> Bool {
        if case .object(let collection) = type { return collection.hasFourMomentum || collection.origin == .subset }
        return type == .vector
    }

    static func vectors(_ value: Value) throws -> FourVectors {
        switch value {
        case .vectors(let vectors): return vectors
        case .object(let object): return try object.vectors
        default: throw EvaluationError("not an object or a four-vector")
        }
    }

    static func add(_ a: FourVectors, _ b: FourVectors) -> FourVectors {
        FourVectors(
            px: Elementwise.zipped(a.px, b.px, +), py: Elementwise.zipped(a.py, b.py, +),
            pz: Elementwise.zipped(a.pz, b.pz, +), energy: Elementwise.zipped(a.energy, b.energy, +))
    }

    static func kinematic(_ name: String, _ vectors: FourVectors) -> [Double] {
        switch name {
        case "pt": vectors.pt
        case "eta": vectors.eta
        case "phi": vectors.phi
        default: vectors.mass
        }
    }
}
