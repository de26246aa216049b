// Columnar layer: the syntax of analysis expressions — tokens and the tree the parser builds.
//
//   expression := or ;  or := and ('||' and)* ;  and := not ('&&' not)* ;  not := '!' not | comparison
//   comparison := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?
//   sum := product (('+' | '-') product)* ;  product := unary (('*' | '/') unary)*
//   unary := '-' unary | postfix ;  postfix := primary ('.' name | '[' expression ']')*
//   primary := number | 'true' | 'false' | name | name '(' arguments ')' | '(' expression ')'
// `and`, `or` and `not` are accepted as words too.

/// A node of a parsed expression, with its position in the text.
indirect enum Syntax: Sendable {
    case number(Double, at: Int)
    case boolean(Bool, at: Int)
    case name(String, at: Int)
    case call(String, [Syntax], at: Int)
    case field(Syntax, String, at: Int)
    case index(Syntax, Syntax, at: Int)
    case unary(String, Syntax, at: Int)
    case binary(String, Syntax, Syntax, at: Int)

    var position: Int {
        switch self {
        case .number(_, let at), .boolean(_, let at), .name(_, let at), .call(_, _, let at), .field(_, _, let at),
            .index(_, _, let at), .unary(_, _, let at), .binary(_, _, _, let at):
            at
        }
    }
}

/// A token of the expression text.
struct Token: Equatable {
    enum Kind: Equatable { case number(Double), name(String), symbol(String), end }
    var kind: Kind
    var position: Int
}

/// Splits an expression into tokens.
enum Lexer {
    static let symbols = [
        "&&", "||", "<=", ">=", "==", "!=", "<", ">", "+", "-", "*", "/", "(", ")", "[", "]", ".", ",", "!",
    ]

    static func tokens(_ text: String) throws(ExpressionError) -> [Token] {
        let characters = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.properties.isWhitespace {
                index += 1
            } else if ("0"..."9").contains(character)
                || (character == "." && index + 1 < characters.count && ("0"..."9").contains(characters[index + 1]))
            {
                let start = index
                while index < characters.count,
                    ("0"..."9").contains(characters[index]) || characters[index] == "."
                        || characters[index] == "e" || characters[index] == "E"
                        || ((characters[index] == "-" || characters[index] == "+")
                            && (characters[index - 1] == "e" || characters[index - 1] == "E"))
                {
                    index += 1
                }
                let literal = String(String.UnicodeScalarView(characters[start..<index]))
                guard let value = Double(literal) else {
                    throw ExpressionError("'\(literal)' is not a number", in: text, at: start)
                }
                tokens.append(Token(kind: .number(value), position: start))
            } else if character.properties.isAlphabetic || character == "_" {
                let start = index
                while index < characters.count,
                    characters[index].properties.isAlphabetic || characters[index] == "_"
                        || ("0"..."9").contains(characters[index])
                {
                    index += 1
                }
                tokens.append(
                    Token(kind: .name(String(String.UnicodeScalarView(characters[start..<index]))), position: start))
            } else {
                let rest = String(String.UnicodeScalarView(characters[index..<min(index + 2, characters.count)]))
                guard let symbol = symbols.first(where: { rest.hasPrefix($0) }) else {
                    throw ExpressionError("unexpected character '\(character)'", in: text, at: index)
                }
                tokens.append(Token(kind: .symbol(symbol), position: index))
                index += symbol.unicodeScalars.count
            }
        }
        tokens.append(Token(kind: .end, position: characters.count))
        return tokens
    }
}

/// A recursive-descent parser of the grammar above.
struct Parser {
    private let text: String
    private let tokens: [Token]
    private var index = 0

    /// Parses `text` into a syntax tree.
    static func parse(_ text: String) throws(ExpressionError) -> Syntax {
        var parser = Parser(text: text, tokens: try Lexer.tokens(text))
        let tree = try parser.or()
        guard case .end = parser.current.kind else {
            throw parser.error("unexpected \(parser.describe(parser.current))")
        }
        return tree
    }

    private init(text: String, tokens: [Token]) {
        self.text = text
        self.tokens = tokens
    }

    private var current: Token { tokens[index] }

    private func error(_ message: String, at position: Int? = nil) -> ExpressionError {
        ExpressionError(message, in: text, at: position ?? current.position)
    }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .number(let value): "number \(value)"
        case .name(let name): "'\(name)'"
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "end of expression"
        }
    }

    private mutating func accept(_ symbols: String...) -> String? {
        if case .symbol(let symbol) = current.kind, symbols.contains(symbol) {
            index += 1
            return symbol
        }
        if case .name(let word) = current.kind, symbols.contains(word) {
            index += 1
            return word
        }
        return nil
    }

    private mutating func expect(_ symbol: String) throws(ExpressionError) {
        guard accept(symbol) != nil else { throw error("expected '\(symbol)' but found \(describe(current))") }
    }

    private mutating func or() throws(ExpressionError) -> Syntax {
        var left = try and()
        while true {
            let position = current.position
            guard accept("||", "or") != nil else { return left }
            left = .binary("||", left, try and(), at: position)
        }
    }

    private mutating func and() throws(ExpressionError) -> Syntax {
        var left = try not()
        while true {
            let position = current.position
            guard accept("&&", "and") != nil else { return left }
            left = .binary("&&", left, try not(), at: position)
        }
    }

    private mutating func not() throws(ExpressionError) -> Syntax {
        let position = current.position
        if accept("!", "not") != nil { return .unary("!", try not(), at: position) }
        return try comparison()
    }

    private mutating func comparison() throws(ExpressionError) -> Syntax {
        let left = try sum()
        let position = current.position
        if let symbol = accept("<", "<=", ">", ">=", "==", "!=") {
            return .binary(symbol, left, try sum(), at: position)
        }
        return left
    }

    private mutating func sum() throws(ExpressionError) -> Syntax {
        var left = try product()
        while true {
            let position = current.position
            guard let symbol = accept("+", "-") else { return left }
            left = .binary(symbol, left, try product(), at: position)
        }
    }

    private mutating func product() throws(ExpressionError) -> Syntax {
        var left = try unary()
        while true {
            let position = current.position
            guard let symbol = accept("*", "/") else { return left }
            left = .binary(symbol, left, try unary(), at: position)
        }
    }

    private mutating func unary() throws(ExpressionError) -> Syntax {
        let position = current.position
        if accept("-") != nil { return .unary("-", try unary(), at: position) }
        return try postfix()
    }

    private mutating func postfix() throws(ExpressionError) -> Syntax {
        var node = try primary()
        while true {
            let position = current.position
            if accept(".") != nil {
                guard case .name(let field) = current.kind else {
                    throw error("expected a field name after '.' but found \(describe(current))")
                }
                index += 1
                node = .field(node, field, at: position)
            } else if accept("[") != nil {
                let subscriptNode = try or()
                try expect("]")
                node = .index(node, subscriptNode, at: position)
            } else {
                return node
            }
        }
    }

    private mutating func primary() throws(ExpressionError) -> Syntax {
        let token = current
        switch token.kind {
        case .number(let value):
            index += 1
            return .number(value, at: token.position)
        case .name(let name):
            index += 1
            if name == "true" || name == "false" { return .boolean(name == "true", at: token.position) }
            guard accept("(") != nil else { return .name(name, at: token.position) }
            var arguments: [Syntax] = []
            if accept(")") == nil {
                repeat { arguments.append(try or()) } while accept(",") != nil
                try expect(")")
            }
            return .call(name, arguments, at: token.position)
        case .symbol("("):
            index += 1
            let inner = try or()
            try expect(")")
            return inner
        default:
            throw error("expected a value but found \(describe(token))")
        }
    }
}
