// Corrections layer: the TFormula subset correctionlib accepts (its PEG grammar in formula_ast.cc),
// parsed by precedence climbing:
//
//   expression <- atom (binaryop atom)*        || < && < == != < > < >= <= < - + < / * < ^ (right)
//   atom       <- literal / '-'? (function '(' expression ')' / binaryfunction '(' e ',' e ')'
//                                 / '[' N ']' / x / y / z / t / 'x[' N ']' / '(' expression ')')
//   literal    <- '-'? [0-9]+ ('.' [0-9]*)? ('e' '-'? [0-9]+)?
//
// A leading '-' before digits belongs to the literal, so `-2^2` is 4, as in correctionlib.

/// Parses TFormula expressions.
struct FormulaParser {
    /// A syntax error: what and at which character.
    struct Failure: Error {
        var message: String
        var offset: Int

        init(_ message: String, at offset: Int) {
            self.message = message
            self.offset = offset
        }
    }

    private let text: [UInt8]
    private var position = 0
    /// The input positions of `x, y, z, t` and `x[N]`.
    private let variables: [Int]
    private var depth = 0

    private static let maximumDepth = 800
    /// Bounds the tree (and so the recursion of evaluating it); real formulas have tens of operators.
    private static let maximumOperators = 5000
    private var operators = 0
    private static let levels: [[Formula.Operator]] = [
        [.or], [.and], [.equal, .notEqual], [.greaterOrEqual, .lessOrEqual, .greater, .less], [.minus, .plus],
        [.divide, .times], [.power],
    ]

    /// Parses `expression` whose variables are the inputs at `variables`; `[N]` stays a parameter slot.
    static func parse(_ expression: String, variables: [Int]) throws(Failure) -> Formula {
        var parser = FormulaParser(text: Array(expression.utf8), variables: variables)
        let formula = try parser.expression(level: 0)
        parser.skipSpace()
        guard parser.position == parser.text.count else {
            throw Failure("unexpected '\(parser.rest)'", at: parser.position)
        }
        return formula
    }

    private init(text: [UInt8], variables: [Int]) {
        self.text = text
        self.variables = variables
    }

    private var rest: String { String(decoding: text[position...].prefix(12), as: UTF8.self) }

    private mutating func expression(level: Int) throws(Failure) -> Formula {
        depth += 1
        defer { depth -= 1 }
        guard depth < Self.maximumDepth else { throw Failure("nested too deeply", at: position) }
        guard level < Self.levels.count else { return try atom() }
        var left = try expression(level: level + 1)
        while let op = peekOperator(Self.levels[level]) {
            operators += 1
            guard operators <= Self.maximumOperators else {
                throw Failure("more than \(Self.maximumOperators) operators", at: position)
            }
            position += op.rawValue.utf8.count
            if op == .power {
                // Right-associative: the right side is a whole power chain.
                return .binary(op, left, try expression(level: level))
            }
            left = .binary(op, left, try expression(level: level + 1))
        }
        return left
    }

    /// The operator of `candidates` at the current position, longest first (`>=` before `>`).
    private mutating func peekOperator(_ candidates: [Formula.Operator]) -> Formula.Operator? {
        skipSpace()
        // `>` must not be taken from `>=`, nor `<` from `<=`, nor `|`/`&` halves.
        let sorted = candidates.sorted { $0.rawValue.utf8.count > $1.rawValue.utf8.count }
        for op in sorted where matches(op.rawValue) {
            if op == .greater || op == .less, matches(op.rawValue + "=") { continue }
            return op
        }
        return nil
    }

    private mutating func atom() throws(Failure) -> Formula {
        skipSpace()
        if let literal = try literal() { return .literal(literal) }
        if consume("-") {
            skipSpace()
            return .negate(try operand())
        }
        return try operand()
    }

    /// A call, a name or a parenthesised expression (what may follow a unary minus).
    private mutating func operand() throws(Failure) -> Formula {
        let start = position
        if let name = identifier() {
            skipSpace()
            guard consume("(") else {
                position = start
                return try variable()
            }
            if let function = Formula.Function(rawValue: name) {
                let argument = try expression(level: 0)
                try expect(")")
                return .call(function, argument)
            }
            guard let function = Formula.Operator(rawValue: name), ["atan2", "pow", "max", "min"].contains(name)
            else { throw Failure("unknown function '\(name)'", at: start) }
            let first = try expression(level: 0)
            try expect(",")
            let second = try expression(level: 0)
            try expect(")")
            return .binary(function, first, second)
        }
        if position < text.count, Self.isLetter(text[position]) { return try variable() }
        if consume("[") {
            let index = try integer()
            try expectNow("]")
            return .parameter(index)
        }
        if consume("(") {
            let inner = try expression(level: 0)
            try expect(")")
            return inner
        }
        throw Failure(position < text.count ? "unexpected '\(rest)'" : "the formula ends too early", at: position)
    }

    private mutating func variable() throws(Failure) -> Formula {
        let start = position
        guard position < text.count else { throw Failure("the formula ends too early", at: position) }
        let letter = text[position]
        position += 1
        let index: Int
        if letter == UInt8(ascii: "x"), consume("[") {
            index = try integer()
            try expectNow("]")
        } else if let simple = [UInt8(ascii: "x"), UInt8(ascii: "y"), UInt8(ascii: "z"), UInt8(ascii: "t")]
            .firstIndex(of: letter), position >= text.count || !Self.isLetter(text[position])
        {
            index = simple
        } else {
            position = start
            throw Failure("unexpected '\(rest)'", at: start)
        }
        guard index < variables.count else {
            throw Failure("variable \(index) is used but the formula lists \(variables.count) variables", at: start)
        }
        return .variable(variables[index])
    }

    /// `-?[0-9]+(\.[0-9]*)?(e-?[0-9]+)?` at the current position, or nil (position unchanged).
    private mutating func literal() throws(Failure) -> Double? {
        let start = position
        var cursor = position
        if cursor < text.count, text[cursor] == UInt8(ascii: "-") { cursor += 1 }
        let digitsStart = cursor
        while cursor < text.count, Self.isDigit(text[cursor]) { cursor += 1 }
        guard cursor > digitsStart else { return nil }
        if cursor < text.count, text[cursor] == UInt8(ascii: ".") {
            cursor += 1
            while cursor < text.count, Self.isDigit(text[cursor]) { cursor += 1 }
        }
        if cursor < text.count, text[cursor] == UInt8(ascii: "e") {
            var exponent = cursor + 1
            if exponent < text.count, text[exponent] == UInt8(ascii: "-") { exponent += 1 }
            let exponentDigits = exponent
            while exponent < text.count, Self.isDigit(text[exponent]) { exponent += 1 }
            if exponent > exponentDigits { cursor = exponent }
        }
        position = cursor
        guard let value = Double(String(decoding: text[start..<cursor], as: UTF8.self)) else {
            throw Failure("bad number", at: start)
        }
        return value
    }

    private mutating func integer() throws(Failure) -> Int {
        let start = position
        while position < text.count, Self.isDigit(text[position]) { position += 1 }
        guard position > start, position - start < 10,
            let value = Int(String(decoding: text[start..<position], as: UTF8.self))
        else { throw Failure("expected an index", at: start) }
        return value
    }

    private mutating func identifier() -> String? {
        let start = position
        while position < text.count, Self.isLetter(text[position]) || (position > start && Self.isDigit(text[position]))
        {
            position += 1
        }
        let name = String(decoding: text[start..<position], as: UTF8.self)
        // Single letters are variables; only longer names are functions.
        guard name.utf8.count > 1 else {
            position = start
            return nil
        }
        return name
    }

    private mutating func expect(_ token: String) throws(Failure) {
        skipSpace()
        try expectNow(token)
    }

    private mutating func expectNow(_ token: String) throws(Failure) {
        guard consume(token) else {
            throw Failure(
                position < text.count ? "expected '\(token)' at '\(rest)'" : "expected '\(token)'", at: position)
        }
    }

    private func matches(_ token: String) -> Bool {
        let bytes = Array(token.utf8)
        guard position + bytes.count <= text.count else { return false }
        return text[position..<position + bytes.count].elementsEqual(bytes)
    }

    private mutating func consume(_ token: String) -> Bool {
        guard matches(token) else { return false }
        position += token.utf8.count
        return true
    }

    private mutating func skipSpace() {
        while position < text.count, text[position] == UInt8(ascii: " ") || text[position] == UInt8(ascii: "\t") {
            position += 1
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
