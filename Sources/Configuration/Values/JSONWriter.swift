// Configuration layer: deterministic JSON text for ConfigValue. The same value always gives the same
// bytes (key order as stored, fixed number formatting), which makes per-job configurators
// reproducible and diffable.

/// Serializes a ``ConfigValue`` as JSON.
public enum JSONWriter {
    /// The JSON text of `value`: indented by two spaces when `pretty`, else on one line; ends without a newline.
    public static func string(_ value: ConfigValue, pretty: Bool = true) -> String {
        var output = ""
        write(value, into: &output, indent: pretty ? 0 : nil)
        return output
    }

    private static func write(_ value: ConfigValue, into output: inout String, indent: Int?) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number): output += format(number)
        case .string(let text): writeString(text, into: &output)
        case .array(let items):
            writeContainer(items, open: "[", close: "]", into: &output, indent: indent) { item, output, indent in
                write(item, into: &output, indent: indent)
            }
        case .object(let object):
            writeContainer(object.entries, open: "{", close: "}", into: &output, indent: indent) {
                entry, output, indent in
                writeString(entry.key, into: &output)
                output += indent == nil ? ":" : ": "
                write(entry.value, into: &output, indent: indent)
            }
        }
    }

    private static func writeContainer<Element>(
        _ elements: [Element], open: Character, close: Character, into output: inout String, indent: Int?,
        body: (Element, inout String, Int?) -> Void
    ) {
        output.append(open)
        guard !elements.isEmpty else { return output.append(close) }
        let inner = indent.map { $0 + 2 }
        for (offset, element) in elements.enumerated() {
            if offset > 0 { output += "," }
            if let inner { output += "\n" + String(repeating: " ", count: inner) }
            body(element, &output, inner)
        }
        if let indent { output += "\n" + String(repeating: " ", count: indent) }
        output.append(close)
    }

    /// Shortest round-tripping form; non-finite numbers, which JSON cannot hold, become strings.
    private static func format(_ number: Double) -> String {
        guard number.isFinite else { return number.isNaN ? "\"nan\"" : (number > 0 ? "\"inf\"" : "\"-inf\"") }
        if number == number.rounded(), abs(number) < 1e15 { return String(format: number) }
        return "\(number)"
    }

    private static func writeString(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

extension String {
    /// `3.0` as "3.0": a whole double keeps its decimal point so it reads back as a double.
    fileprivate init(format number: Double) {
        self = String(Int64(number)) + ".0"
    }
}
