// Configuration layer: lenient reading of scalars. PocketCoffea dataset JSONs store numbers and booleans
// as strings ("True", "88.29", "42"); these accessors accept both forms and nothing looser.

extension ConfigValue {
    /// A boolean from `true`/`false` or the strings "True"/"False"/"true"/"false".
    public var coercedBool: Bool? {
        switch self {
        case .bool(let flag): flag
        case .string(let text):
            switch text.lowercased() {
            case "true": true
            case "false": false
            default: nil
            }
        default: nil
        }
    }

    /// A whole number from an integer, a whole double, or a string holding one ("42", "4.2e1").
    public var coercedInt: Int? {
        switch self {
        case .int(let number): number
        case .double(let number): number == number.rounded() && abs(number) < 9e18 ? Int(number) : nil
        case .string(let text):
            Int(text.trimmingWhitespace())
                ?? Double(text.trimmingWhitespace()).flatMap { ConfigValue.double($0).coercedInt }
        default: nil
        }
    }

    /// A number from an integer, a double, or a string holding one.
    public var coercedDouble: Double? {
        switch self {
        case .int(let number): Double(number)
        case .double(let number): number
        case .string(let text): Double(text.trimmingWhitespace())
        default: nil
        }
    }

    /// A string from a string or a scalar written without quotes (`year: 2018` in YAML).
    public var coercedString: String? {
        switch self {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): "\(number)"
        case .bool(let flag): flag ? "True" : "False"
        default: nil
        }
    }

    /// A list of strings from a list, a single string, or a stringified Python list ("['/A/B/NANOAOD']").
    public var coercedStringList: [String]? {
        switch self {
        case .array(let items):
            let strings = items.compactMap(\.coercedString)
            return strings.count == items.count ? strings : nil
        case .string(let text):
            return Self.parsePythonStringList(text) ?? [text]
        default:
            return nil
        }
    }

    /// Parses `['a', "b"]` as written by Python's `str(list)`; `nil` when the text is not such a list.
    static func parsePythonStringList(_ text: String) -> [String]? {
        let trimmed = text.trimmingWhitespace()
        guard trimmed.hasPrefix("["), trimmed.hasSuffix("]") else { return nil }
        var items: [String] = []
        var scalars = trimmed.unicodeScalars.dropFirst().dropLast()[...]
        while let first = scalars.first {
            if first == " " || first == "," {
                scalars = scalars.dropFirst()
                continue
            }
            guard first == "'" || first == "\"" else { return nil }
            let body = scalars.dropFirst()
            guard let end = body.firstIndex(of: first) else { return nil }
            items.append(String(String.UnicodeScalarView(body[..<end])))
            scalars = body[body.index(after: end)...]
        }
        return items
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
