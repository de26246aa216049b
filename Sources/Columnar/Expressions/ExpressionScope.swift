// Columnar layer: compiles expression text against a tree's schema and the analysis's own names
// (derived object collections, event-level definitions). Every name, field, call and operand type is
// checked here, with the position of the mistake, before any event is read.

/// The names an analysis's expressions may use, and the compiler for them.
public struct ExpressionScope: Sendable {
    /// A derived collection (`MuonGood`).
    struct ObjectDefinition: Sendable {
        let type: CollectionType
        let make: @Sendable (Evaluation) throws -> CollectionValue
    }

    /// The tree's branches and collections.
    public let schema: BranchSchema
    private var objectDefinitions: [String: ObjectDefinition] = [:]
    private var definitions: [String: Compiled] = [:]
    /// The branches the compiled expressions read.
    public private(set) var usedBranches: Set<String> = []
    private var current: CollectionType?
    private var text = ""

    public init(schema: BranchSchema) {
        self.schema = schema
    }

    /// The expression being compiled, for error messages.
    var currentText: String { text }
    /// The collection of the `where` condition being compiled.
    var currentCollection: CollectionType? { current }

    /// Compiles `text`.
    public mutating func compile(_ text: String) throws(ExpressionError) -> Compiled {
        self.text = text
        return try compile(try Parser.parse(text))
    }

    /// Compiles `text`, which must compute `expected`.
    public mutating func compile(_ text: String, expecting expected: [ValueType], what: String) throws(ExpressionError)
        -> Compiled
    {
        let compiled = try compile(text)
        guard expected.contains(compiled.type) else {
            throw ExpressionError(
                "\(what) must be \(expected.map(\.description).joined(separator: " or ")), but this is \(compiled.type)",
                in: text, at: 0)
        }
        return compiled
    }

    /// Defines the collection `name`: the objects of `source` (a collection expression) for which
    /// `condition` (evaluated per object, with the source's fields as bare names) is true.
    public mutating func defineObjects(_ name: String, from source: String, where condition: String?)
        throws(ExpressionError)
    {
        try checkNewName(name, source)
        let from = try compile(source)
        guard case .collection(let sourceType) = from.type else {
            throw ExpressionError("'from' must be a collection, but this is \(from.type)", in: source, at: 0)
        }
        var mask: Compiled?
        if let condition {
            current = sourceType
            defer { current = nil }
            mask = try compile(condition)
            guard mask?.type == .jaggedBoolean || mask?.type == .boolean else {
                throw ExpressionError(
                    "'where' must be true or false for each object, but this is \(mask!.type)", in: condition, at: 0)
            }
        }
        var type = sourceType
        type.name = name
        if case .combinations = sourceType.origin {} else { type.origin = .subset }
        let definition = ObjectDefinition(type: type) { [mask, type] evaluation in
            guard case .collection(let parent) = try from.run(evaluation) else {
                throw EvaluationError("'\(name)' source is not a collection")
            }
            // Without a condition the collection is its source under another name.
            guard let mask else { return CollectionValue(type: type, offsets: parent.offsets, source: parent.source) }
            evaluation.current = parent
            let flags: [Bool]
            switch try mask.run(evaluation) {
            case .jaggedBooleans(let jagged): flags = jagged.content
            case .booleans(let perEvent):
                flags = Offsets.parents(parent.offsets).map { perEvent[Int($0)] }
            case .constantBool(let flag): flags = Array(repeating: flag, count: parent.total)
            default: throw EvaluationError("'\(name)' condition is not a truth value")
            }
            evaluation.current = nil
            return parent.subset(flags, name: name)
        }
        objectDefinitions[name] = definition
    }

    /// Defines the event-level value `name`.
    public mutating func define(_ name: String, _ text: String) throws(ExpressionError) {
        try checkNewName(name, text)
        let compiled = try compile(text)
        definitions[name] = Compiled(type: compiled.type) { evaluation in
            try evaluation.definition(name) { try compiled.run($0) }
        }
    }

    private func checkNewName(_ name: String, _ text: String) throws(ExpressionError) {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
            name.first?.isNumber == false
        else {
            throw ExpressionError("'\(name)' is not a valid name (letters, digits and _)", in: text, at: 0)
        }
        guard objectDefinitions[name] == nil, definitions[name] == nil, schema.collections[name] == nil,
            schema.branches[name] == nil
        else {
            throw ExpressionError("'\(name)' is already defined (a branch, collection or definition)", in: text, at: 0)
        }
    }

    // MARK: - Compilation

    private func error(_ message: String, _ node: Syntax) -> ExpressionError {
        ExpressionError(message, in: text, at: node.position)
    }

    private mutating func compile(_ node: Syntax) throws(ExpressionError) -> Compiled {
        switch node {
        case .number(let value, _):
            return Compiled(type: .number) { _ in .constant(value) }
        case .boolean(let flag, _):
            return Compiled(type: .boolean) { _ in .constantBool(flag) }
        case .name(let name, _):
            return try resolve(name, node)
        case .field(let base, let field, _):
            return try compileField(try compile(base), field, node)
        case .index(let base, let position, _):
            return try compileIndex(try compile(base), try compile(position), node)
        case .unary(let operation, let operand, _):
            return try compileUnary(operation, try compile(operand), node)
        case .binary(let operation, let left, let right, _):
            return try compileBinary(operation, try compile(left), try compile(right), node)
        case .call(let name, let arguments, _):
            var compiled: [Compiled] = []
            for argument in arguments { compiled.append(try compile(argument)) }
            return try Functions.compile(name, compiled, node: node, scope: &self)
        }
    }

    private mutating func resolve(_ name: String, _ node: Syntax) throws(ExpressionError) -> Compiled {
        if let current, let kind = Self.fieldKind(current, name) {
            recordField(current, name)
            return Compiled(type: kind == .number ? .jaggedNumber : .jaggedBoolean) { evaluation in
                guard let collection = evaluation.current else { throw EvaluationError("no current collection") }
                return try Self.field(collection, name, kind)
            }
        }
        if let definition = definitions[name] { return definition }
        if let definition = objectDefinitions[name] {
            return Compiled(type: .collection(definition.type)) { evaluation in
                .collection(try evaluation.object(name, definition.make))
            }
        }
        if let collection = schema.collections[name], case .branches(let counter) = collection.origin {
            usedBranches.insert(counter)
            return Compiled(type: .collection(collection)) { evaluation in
                try .collection(
                    evaluation.object(name) { evaluation in
                        CollectionValue(
                            type: collection, offsets: try evaluation.frame.counterOffsets(counter),
                            source: .branches(evaluation.frame, prefix: name))
                    })
            }
        }
        if let entry = schema.branches[name] {
            usedBranches.insert(name)
            if let counter = entry.counter { usedBranches.insert(counter) }
            switch (entry.kind, entry.counter != nil) {
            case (.number, false): return Compiled(type: .number) { .numbers(try $0.frame.numbers(name)) }
            case (.boolean, false): return Compiled(type: .boolean) { .booleans(try $0.frame.booleans(name)) }
            case (.number, true):
                return Compiled(type: .jaggedNumber) { .jaggedNumbers(try $0.frame.jaggedNumbers(name)) }
            case (.boolean, true):
                return Compiled(type: .jaggedBoolean) { .jaggedBooleans(try $0.frame.jaggedBooleans(name)) }
            }
        }
        throw error("unknown name '\(name)'\(suggestion(for: name))", node)
    }

    private func suggestion(for name: String) -> String {
        let candidates =
            Array(schema.branches.keys) + Array(schema.collections.keys) + Array(objectDefinitions.keys)
            + Array(definitions.keys) + Array(current?.fields.keys ?? [:].keys)
        let scored = candidates.map { ($0, Self.distance($0.lowercased(), name.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }),
            best.1 <= max(2, name.count / 3)
        else { return "" }
        return " (did you mean '\(best.0)'?)"
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var row = [i + 1]
            for (j, y) in b.enumerated() {
                row.append(min(previous[j + 1] + 1, row[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = row
        }
        return previous[b.count]
    }

    /// Records the branches behind `field` of `collection` as used: for a concatenation, that field of
    /// each joined collection (`source` has none).
    mutating func recordField(_ collection: CollectionType, _ field: String) {
        guard field != "index" else { return }
        if case .combinations = collection.origin {
            if ["pt", "eta", "phi", "mass"].contains(field) { return recordKinematics(collection) }
            if field.hasPrefix("member") { return }
            for start in ["max_", "min_", "sum_"] where field.hasPrefix(start) {
                var members = collection
                members.origin = .subset
                recordField(members, String(field.dropFirst(start.count)))
            }
            return
        }
        guard collection.parts.isEmpty else {
            guard field != "source" else { return }
            for part in collection.parts { recordField(part, field) }
            return
        }
        guard let prefix = collection.branchPrefix else { return }
        usedBranches.insert("n" + prefix)
        usedBranches.insert(prefix + "_" + field)
    }

    /// Records the four-momentum branches of `collection` as used.
    mutating func recordKinematics(_ collection: CollectionType) {
        guard collection.parts.isEmpty else {
            for part in collection.parts { recordKinematics(part) }
            return
        }
        guard let prefix = collection.branchPrefix else { return }
        usedBranches.insert("n" + prefix)
        for field in ["pt", "eta", "phi", "mass"] { usedBranches.insert(prefix + "_" + field) }
    }

    /// Records the four-momentum branches behind a kinematic value's type.
    mutating func recordKinematics(_ type: ValueType) {
        switch type {
        case .collection(let collection), .object(let collection): recordKinematics(collection)
        default: break
        }
    }

    static func field(_ collection: CollectionValue, _ name: String, _ kind: ValueKind) throws -> Value {
        switch kind {
        case .number: .jaggedNumbers(Jagged(offsets: collection.offsets, content: try collection.numbers(name)))
        case .boolean: .jaggedBooleans(Jagged(offsets: collection.offsets, content: try collection.booleans(name)))
        }
    }

    private mutating func compileField(_ base: Compiled, _ field: String, _ node: Syntax) throws(ExpressionError)
        -> Compiled
    {
        switch base.type {
        case .collection(let type):
            guard let kind = Self.fieldKind(type, field) else {
                throw error(
                    "\(type.name) has no field '\(field)' (fields: \(type.fields.keys.sorted().joined(separator: ", ")))",
                    node)
            }
            recordField(type, field)
            return Compiled(type: kind == .number ? .jaggedNumber : .jaggedBoolean) { evaluation in
                guard case .collection(let collection) = try base.run(evaluation) else {
                    throw EvaluationError("not a collection")
                }
                return try Self.field(collection, field, kind)
            }
        case .object(let type):
            guard let kind = Self.fieldKind(type, field) else {
                throw error("\(type.name) has no field '\(field)'", node)
            }
            recordField(type, field)
            return Compiled(type: kind == .number ? .number : .boolean) { evaluation in
                guard case .object(let object) = try base.run(evaluation) else {
                    throw EvaluationError("not an object")
                }
                return kind == .number ? .numbers(try object.numbers(field)) : .booleans(try object.booleans(field))
            }
        case .vector:
            guard ["pt", "eta", "phi", "mass"].contains(field) else {
                throw error("a four-vector has pt, eta, phi and mass, not '\(field)'", node)
            }
            return Compiled(type: .number) { evaluation in
                guard case .vectors(let vectors) = try base.run(evaluation) else {
                    throw EvaluationError("not a vector")
                }
                return .numbers(Functions.kinematic(field, vectors))
            }
        default:
            throw error("'.\(field)' needs a collection, an object or a four-vector, but this is \(base.type)", node)
        }
    }

    static func fieldKind(_ type: CollectionType, _ field: String) -> ValueKind? {
        if let kind = type.fields[field] { return kind }
        if field == "index" { return .number }
        if case .combinations = type.origin {
            if ["pt", "eta", "phi", "mass", "member0", "member1", "member2"].contains(field) { return .number }
            for prefix in ["max_", "min_", "sum_"] where field.hasPrefix(prefix) {
                return type.fields[String(field.dropFirst(prefix.count))] == .number ? .number : nil
            }
        }
        return nil
    }

    private mutating func compileIndex(_ base: Compiled, _ position: Compiled, _ node: Syntax) throws(ExpressionError)
        -> Compiled
    {
        guard position.type == .number else { throw error("an index must be a number per event", node) }
        switch base.type {
        case .collection(let type):
            return Compiled(type: .object(type)) { evaluation in
                guard case .collection(let collection) = try base.run(evaluation) else {
                    throw EvaluationError("not a collection")
                }
                let indices = try position.run(evaluation).eventNumbers(count: collection.offsets.count - 1)
                return .object(
                    ObjectValue(collection: collection, index: Functions.globalIndices(collection.offsets, indices)))
            }
        case .jaggedNumber, .jaggedBoolean:
            let isNumber = base.type == .jaggedNumber
            return Compiled(type: isNumber ? .number : .boolean) { evaluation in
                let value = try base.run(evaluation)
                switch value {
                case .jaggedNumbers(let jagged):
                    let indices = Functions.globalIndices(
                        jagged.offsets, try position.run(evaluation).eventNumbers(count: jagged.events))
                    return .numbers(indices.map { $0 < 0 ? .nan : jagged.content[Int($0)] })
                case .jaggedBooleans(let jagged):
                    let indices = Functions.globalIndices(
                        jagged.offsets, try position.run(evaluation).eventNumbers(count: jagged.events))
                    return .booleans(indices.map { $0 < 0 ? false : jagged.content[Int($0)] })
                default: throw EvaluationError("not a list")
                }
            }
        default:
            throw error("'[...]' needs a collection or a list per event, but this is \(base.type)", node)
        }
    }

    private func compileUnary(_ operation: String, _ operand: Compiled, _ node: Syntax) throws(ExpressionError)
        -> Compiled
    {
        if operation == "!" {
            guard operand.type == .boolean || operand.type == .jaggedBoolean else {
                throw error("'!' needs truth values, but this is \(operand.type)", node)
            }
            return Compiled(type: operand.type) { evaluation in
                Elementwise.value(Elementwise.map(try Elementwise.booleans(try operand.run(evaluation))) { !$0 })
            }
        }
        guard operand.type == .number || operand.type == .jaggedNumber else {
            throw error("'-' needs numbers, but this is \(operand.type)", node)
        }
        return Compiled(type: operand.type) { evaluation in
            Elementwise.value(Elementwise.map(try Elementwise.numbers(try operand.run(evaluation))) { -$0 })
        }
    }

    private mutating func compileBinary(_ operation: String, _ left: Compiled, _ right: Compiled, _ node: Syntax)
        throws(ExpressionError) -> Compiled
    {
        let jagged = [left.type, right.type].contains { $0 == .jaggedNumber || $0 == .jaggedBoolean }
        switch operation {
        case "&&", "||":
            for side in [left, right] where side.type != .boolean && side.type != .jaggedBoolean {
                throw error("'\(operation)' needs truth values, but one side is \(side.type)", node)
            }
            let and = operation == "&&"
            return Compiled(type: jagged ? .jaggedBoolean : .boolean) { evaluation in
                let a = try Elementwise.booleans(try left.run(evaluation))
                let b = try Elementwise.booleans(try right.run(evaluation))
                return Elementwise.value(
                    and ? try Elementwise.combine(a, b) { $0 && $1 } : try Elementwise.combine(a, b) { $0 || $1 })
            }
        case "<", "<=", ">", ">=", "==", "!=":
            let numeric: Set<ValueType> = [.number, .jaggedNumber, .boolean, .jaggedBoolean]
            guard numeric.contains(left.type), numeric.contains(right.type) else {
                throw error("'\(operation)' compares numbers, not \(left.type) and \(right.type)", node)
            }
            // One closure per operator, so each loop is specialized for its comparison.
            let compare: @Sendable (Lifted<Double>, Lifted<Double>) throws(EvaluationError) -> Lifted<Bool> =
                switch operation {
                case "<": { a, b throws(EvaluationError) in try Elementwise.combine(a, b) { $0 < $1 } }
                case "<=": { a, b throws(EvaluationError) in try Elementwise.combine(a, b) { $0 <= $1 } }
                case ">": { a, b throws(EvaluationError) in try Elementwise.combine(a, b) { $0 > $1 } }
                case ">=": { a, b throws(EvaluationError) in try Elementwise.combine(a, b) { $0 >= $1 } }
                case "==": { a, b throws(EvaluationError) in try Elementwise.combine(a, b) { $0 == $1 } }
                default: { a, b throws(EvaluationError) in try Elementwise.combine(a, b) { $0 < $1 || $0 > $1 } }
                }
            return Compiled(type: jagged ? .jaggedBoolean : .boolean) { evaluation in
                let a = try Elementwise.numbers(try left.run(evaluation))
                let b = try Elementwise.numbers(try right.run(evaluation))
                return Elementwise.value(try compare(a, b))
            }
        default:
            if operation == "+", Functions.isKinematic(left.type), Functions.isKinematic(right.type) {
                recordKinematics(left.type)
                recordKinematics(right.type)
                return Compiled(type: .vector) { evaluation in
                    .vectors(
                        Functions.add(
                            try Functions.vectors(try left.run(evaluation)),
                            try Functions.vectors(try right.run(evaluation))))
                }
            }
            let numeric: Set<ValueType> = [.number, .jaggedNumber]
            guard numeric.contains(left.type), numeric.contains(right.type) else {
                throw error("'\(operation)' needs numbers, not \(left.type) and \(right.type)", node)
            }
            // One closure per operator, so each loop is specialized for its arithmetic.
            let apply: @Sendable (Lifted<Double>, Lifted<Double>) throws(EvaluationError) -> Lifted<Double> =
                switch operation {
                case "+": { a, b throws(EvaluationError) in try Elementwise.combine(a, b) { $0 + $1 } }
                case "-": { a, b throws(EvaluationError) in try Elementwise.combine(a, b) { $0 - $1 } }
                case "*": { a, b throws(EvaluationError) in try Elementwise.combine(a, b) { $0 * $1 } }
                default: { a, b throws(EvaluationError) in try Elementwise.combine(a, b) { $0 / $1 } }
                }
            return Compiled(type: jagged ? .jaggedNumber : .number) { evaluation in
                let a = try Elementwise.numbers(try left.run(evaluation))
                let b = try Elementwise.numbers(try right.run(evaluation))
                return Elementwise.value(try apply(a, b))
            }
        }
    }
}
