// Condor layer: macro expansion as condor_submit does it. `$(NAME)` is replaced by the value of NAME
// (itself expanded), `$(NAME:default)` falls back to `default` when NAME is undefined, an undefined
// NAME without a default becomes empty, `$ENV(NAME)` reads the submitter's environment, and
// `$$(ATTR)` is left alone for match time. Names are case-insensitive. Other `$FUNC(…)` forms
// ($INT, $RANDOM_CHOICE, $F…) are refused with a message rather than expanded wrongly.

/// Expands `$(…)` macros in submit values.
public struct SubmitMacros: Sendable {
    /// How deep one macro may refer to another before the expansion is taken for a loop.
    static let maximumDepth = 32

    private let values: [String: String]
    private let environment: [String: String]

    /// Macros from `values` (names compared without case), and `environment` for `$ENV(…)`.
    public init(_ values: [String: String], environment: [String: String] = [:]) {
        self.values = Dictionary(values.map { ($0.key.lowercased(), $0.value) }) { _, last in last }
        self.environment = environment
    }

    /// `text` with every macro expanded.
    ///
    /// - Throws: ``SubmitFileError`` for an unterminated `$(`, an unsupported macro function or a loop.
    public func expand(_ text: String) throws(SubmitFileError) -> String {
        try expand(text[...], depth: 0)
    }

    private func expand(_ text: Substring, depth: Int) throws(SubmitFileError) -> String {
        guard depth < Self.maximumDepth else {
            throw SubmitFileError(message: "macros refer to each other in a loop while expanding '\(text)'")
        }
        var result = ""
        var rest = text
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            rest = rest[dollar...]
            if rest.hasPrefix("$$(") {
                let end = try closingParenthesis(in: rest, from: rest.index(rest.startIndex, offsetBy: 3))
                result += rest[...end]
                rest = rest[rest.index(after: end)...]
                continue
            }
            let name = rest.dropFirst().prefix { $0.isLetter || $0 == "_" }
            let open = name.endIndex
            guard open < rest.endIndex, rest[open] == "(" else {
                result.append("$")
                rest = rest.dropFirst()
                continue
            }
            let end = try closingParenthesis(in: rest, from: rest.index(after: open))
            let inner = rest[rest.index(after: open)..<end]
            rest = rest[rest.index(after: end)...]
            switch name.uppercased() {
            case "":
                result += try value(of: inner, depth: depth)
            case "ENV":
                result += environment[String(inner)] ?? ""
            default:
                throw SubmitFileError(
                    message: "the macro function $\(name)(…) is not supported here; use plain $(NAME) macros")
            }
        }
        return result + rest
    }

    /// The value of `NAME` or `NAME:default`, expanded.
    private func value(of reference: Substring, depth: Int) throws(SubmitFileError) -> String {
        let colon = reference.firstIndex(of: ":")
        let name = reference[..<(colon ?? reference.endIndex)].trimmingBlanks()
        if let value = values[name.lowercased()] { return try expand(value[...], depth: depth + 1) }
        guard let colon else { return "" }
        return try expand(reference[reference.index(after: colon)...], depth: depth + 1)
    }

    /// The `)` closing the parenthesis opened just before `start`, allowing nested `(…)`.
    private func closingParenthesis(in text: Substring, from start: Substring.Index) throws(SubmitFileError)
        -> Substring.Index
    {
        var depth = 1
        var index = start
        while index < text.endIndex {
            if text[index] == "(" { depth += 1 }
            if text[index] == ")" {
                depth -= 1
                if depth == 0 { return index }
            }
            index = text.index(after: index)
        }
        throw SubmitFileError(message: "'\(text)' has a '$(' without its closing ')'")
    }
}
