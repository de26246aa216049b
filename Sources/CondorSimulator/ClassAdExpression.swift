// Condor simulator: the small part of the ClassAd language that job exit policies use —
// literals (integers, reals, strings, true/false/undefined), attribute references (`MY.` optional,
// case-insensitive), `!`, unary `-`, `+ - * /`, `< <= > >= == !=` (strings compared without case),
// the meta-comparisons `=?=` `=!=`, `&&` `||` with ClassAd's three-valued logic, and parentheses.
// Functions (time(), ifThenElse, …) are refused at submit time, so no job runs under a policy the
// simulator would evaluate differently from HTCondor.

/// A ClassAd value.
enum ClassAdValue: Sendable, Hashable {
    case undefined
    case error
    case boolean(Bool)
    case integer(Int)
    case real(Double)
    case string(String)

    var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .real(let value): value
        default: nil
        }
    }
}

/// A parsed ClassAd expression of the supported subset.
indirect enum ClassAdExpression: Sendable, Hashable {
    case literal(ClassAdValue)
    case attribute(String)
    case not(ClassAdExpression)
    case negate(ClassAdExpression)
    case binary(String, ClassAdExpression, ClassAdExpression)

    /// Parses `text`.
    ///
    /// - Throws: a message saying what in `text` is outside the supported subset.
    static func parse(_ text: String) throws(SimulatorError) -> ClassAdExpression {
        var parser = ClassAdParser(tokens: try ClassAdParser.tokens(text), text: text)
        let expression = try parser.orExpression()
        guard parser.atEnd else { throw parser.failure("unexpected '\(parser.current)'") }
        return expression
    }

    /// The value of the expression, attributes read through `lookup` (names lower-cased, `MY.` dropped).
    func evaluate(_ lookup: (String) -> ClassAdValue) -> ClassAdValue {
        switch self {
        case .literal(let value):
            return value
        case .attribute(let name):
            return lookup(name)
        case .not(let operand):
            switch operand.evaluate(lookup) {
            case .boolean(let value): return .boolean(!value)
            case .undefined: return .undefined
            default: return .error
            }
        case .negate(let operand):
            switch operand.evaluate(lookup) {
            case .integer(let value): return .integer(-value)
            case .real(let value): return .real(-value)
            case .undefined: return .undefined
            default: return .error
            }
        case .binary(let operation, let left, let right):
            return Self.apply(operation, left.evaluate(lookup), right.evaluate(lookup))
        }
    }

    private static func apply(_ operation: String, _ left: ClassAdValue, _ right: ClassAdValue) -> ClassAdValue {
        switch operation {
        case "&&":
            if left == .boolean(false) || right == .boolean(false) && isLogical(left) { return .boolean(false) }
            guard isLogical(left), isLogical(right) else { return .error }
            return left == .undefined || right == .undefined ? .undefined : .boolean(true)
        case "||":
            if left == .boolean(true) || right == .boolean(true) && isLogical(left) { return .boolean(true) }
            guard isLogical(left), isLogical(right) else { return .error }
            return left == .undefined || right == .undefined ? .undefined : .boolean(false)
        case "=?=":
            return .boolean(identical(left, right))
        case "=!=":
            return .boolean(!identical(left, right))
        default:
            break
        }
        if left == .error || right == .error { return .error }
        if left == .undefined || right == .undefined { return .undefined }
        if let a = left.number, let b = right.number {
            return arithmetic(
                operation, a, b, integers: { if case .integer = left, case .integer = right { true } else { false } }())
        }
        switch (left, right) {
        case (.string(let a), .string(let b)):
            return compare(operation, a.lowercased(), b.lowercased())
        case (.boolean(let a), .boolean(let b)) where operation == "==" || operation == "!=":
            return .boolean((a == b) == (operation == "=="))
        default:
            return .error
        }
    }

    private static func isLogical(_ value: ClassAdValue) -> Bool {
        if case .boolean = value { return true }
        return value == .undefined
    }

    /// `=?=`: same type and value, strings compared with case.
    private static func identical(_ left: ClassAdValue, _ right: ClassAdValue) -> Bool {
        left == right
    }

    private static func arithmetic(_ operation: String, _ a: Double, _ b: Double, integers: Bool) -> ClassAdValue {
        let number: (Double) -> ClassAdValue = { integers ? .integer(Int($0)) : .real($0) }
        switch operation {
        case "+": return number(a + b)
        case "-": return number(a - b)
        case "*": return number(a * b)
        case "/": return b == 0 ? .error : integers ? .integer(Int(a) / Int(b)) : .real(a / b)
        default: return compare(operation, a, b)
        }
    }

    private static func compare<T: Comparable>(_ operation: String, _ a: T, _ b: T) -> ClassAdValue {
        switch operation {
        case "==": .boolean(a == b)
        case "!=": .boolean(a != b)
        case "<": .boolean(a < b)
        case "<=": .boolean(a <= b)
        case ">": .boolean(a > b)
        case ">=": .boolean(a >= b)
        default: .error
        }
    }
}

/// A recursive-descent parser over ClassAd tokens.
private struct ClassAdParser {
    enum Token: Hashable, CustomStringConvertible {
        case symbol(String)
        case name(String)
        case value(ClassAdValue)

        var description: String {
            switch self {
            case .symbol(let text), .name(let text): text
            case .value(let value): "\(value)"
            }
        }
    }

    let tokens: [Token]
    let text: String
    var index = 0

    init(tokens: [Token], text: String) {
        self.tokens = tokens
        self.text = text
    }

    var atEnd: Bool { index >= tokens.count }
    var current: Token { tokens[min(index, tokens.count - 1)] }

    func failure(_ what: String) -> SimulatorError {
        SimulatorError("the simulator cannot evaluate the ClassAd expression '\(text)': \(what)")
    }

    mutating func take(_ symbols: Set<String>) -> String? {
        guard !atEnd, case .symbol(let symbol) = tokens[index], symbols.contains(symbol) else { return nil }
        index += 1
        return symbol
    }

    mutating func orExpression() throws(SimulatorError) -> ClassAdExpression {
        var left = try andExpression()
        while take(["||"]) != nil { left = .binary("||", left, try andExpression()) }
        return left
    }

    mutating func andExpression() throws(SimulatorError) -> ClassAdExpression {
        var left = try comparison()
        while take(["&&"]) != nil { left = .binary("&&", left, try comparison()) }
        return left
    }

    mutating func comparison() throws(SimulatorError) -> ClassAdExpression {
        var left = try sum()
        while let operation = take(["==", "!=", "=?=", "=!=", "<", "<=", ">", ">="]) {
            left = .binary(operation, left, try sum())
        }
        return left
    }

    mutating func sum() throws(SimulatorError) -> ClassAdExpression {
        var left = try product()
        while let operation = take(["+", "-"]) { left = .binary(operation, left, try product()) }
        return left
    }

    mutating func product() throws(SimulatorError) -> ClassAdExpression {
        var left = try unary()
        while let operation = take(["*", "/"]) { left = .binary(operation, left, try unary()) }
        return left
    }

    mutating func unary() throws(SimulatorError) -> ClassAdExpression {
        if take(["!"]) != nil { return .not(try unary()) }
        if take(["-"]) != nil { return .negate(try unary()) }
        if take(["+"]) != nil { return try unary() }
        return try primary()
    }

    mutating func primary() throws(SimulatorError) -> ClassAdExpression {
        guard !atEnd else { throw failure("it ends too early") }
        let token = tokens[index]
        index += 1
        switch token {
        case .value(let value):
            return .literal(value)
        case .name(let name):
            if take(["("]) != nil { throw failure("functions such as \(name)() are not supported") }
            return .attribute(name)
        case .symbol("("):
            let inner = try orExpression()
            guard take([")"]) != nil else { throw failure("a '(' is not closed") }
            return inner
        case .symbol(let symbol):
            throw failure("unexpected '\(symbol)'")
        }
    }

    /// Splits `text` into tokens.
    static func tokens(_ text: String) throws(SimulatorError) -> [Token] {
        let failure = { (what: String) in
            SimulatorError("the simulator cannot evaluate the ClassAd expression '\(text)': \(what)")
        }
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == " " || character == "\t" {
                index += 1
            } else if character.isNumber {
                var end = index
                while end < characters.count, characters[end].isNumber || characters[end] == "." { end += 1 }
                let literal = String(characters[index..<end])
                if let integer = Int(literal) {
                    tokens.append(.value(.integer(integer)))
                } else if let real = Double(literal) {
                    tokens.append(.value(.real(real)))
                } else {
                    throw failure("'\(literal)' is not a number")
                }
                index = end
            } else if character.isLetter || character == "_" {
                var end = index
                while end < characters.count,
                    characters[end].isLetter || characters[end].isNumber || characters[end] == "_"
                        || characters[end] == "."
                {
                    end += 1
                }
                let word = String(characters[index..<end])
                switch word.lowercased() {
                case "true": tokens.append(.value(.boolean(true)))
                case "false": tokens.append(.value(.boolean(false)))
                case "undefined": tokens.append(.value(.undefined))
                case "error": tokens.append(.value(.error))
                default:
                    let name = word.lowercased()
                    guard !name.hasPrefix("target.") else { throw failure("TARGET. references need a machine") }
                    tokens.append(.name(name.hasPrefix("my.") ? String(name.dropFirst(3)) : name))
                }
                index = end
            } else if character == "\"" {
                var value = ""
                index += 1
                while index < characters.count, characters[index] != "\"" {
                    if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                    value.append(characters[index])
                    index += 1
                }
                guard index < characters.count else { throw failure("a string is not closed") }
                tokens.append(.value(.string(value)))
                index += 1
            } else {
                let rest = String(characters[index..<min(characters.count, index + 3)])
                guard
                    let symbol = [
                        "=?=", "=!=", "==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "+", "-", "*", "/", "(", ")",
                    ]
                    .first(where: { rest.hasPrefix($0) })
                else { throw failure("'\(character)' is not supported") }
                tokens.append(.symbol(symbol))
                index += symbol.count
            }
        }
        guard !tokens.isEmpty else { throw failure("it is empty") }
        return tokens
    }
}
