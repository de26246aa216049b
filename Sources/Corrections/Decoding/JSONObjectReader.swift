// Corrections layer: strict reading of one JSON object of a correctionlib file, as pydantic's
// `extra="forbid"` models: unknown keys, missing keys and values of the wrong kind are errors that
// name the JSON path (`corrections[2].data.content[0].edges`).

import Configuration

/// One JSON object being decoded, with its path for messages.
struct JSONObjectReader {
    let object: OrderedObject
    let path: String

    /// Checks that `value` is an object whose keys are all in `allowed` and that has every key of `required`.
    init(_ value: ConfigValue, at path: String, allowed: [String], required: [String]) throws(CorrectionError) {
        guard let object = value.objectValue else {
            throw schemaError(path, "expected an object, found \(value.kindDescription)")
        }
        for key in object.keys where !allowed.contains(key) {
            throw schemaError(path, "unknown key '\(key)' (allowed: \(allowed.joined(separator: ", ")))")
        }
        for key in required where object[key] == nil {
            throw schemaError(path, "missing key '\(key)'")
        }
        self.object = object
        self.path = path
    }

    /// The path of `key` inside this object.
    func child(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The value of a key the initializer required.
    func value(_ key: String) throws(CorrectionError) -> ConfigValue {
        guard let value = object[key] else { throw schemaError(path, "missing key '\(key)'") }
        return value
    }

    func string(_ key: String) throws(CorrectionError) -> String {
        let found = try value(key)
        guard let text = found.stringValue else {
            throw schemaError(child(key), "expected a string, found \(found.kindDescription)")
        }
        return text
    }

    /// A string, or nil when the key is absent or null.
    func optionalString(_ key: String) throws(CorrectionError) -> String? {
        guard let found = object[key], found != .null else { return nil }
        return try string(key)
    }

    func int(_ key: String) throws(CorrectionError) -> Int {
        let found = try value(key)
        guard case .int(let number) = found else {
            throw schemaError(child(key), "expected an integer, found \(found.kindDescription)")
        }
        return number
    }

    func number(_ key: String) throws(CorrectionError) -> Double {
        try Self.number(try value(key), at: child(key))
    }

    func array(_ key: String) throws(CorrectionError) -> [ConfigValue] {
        let found = try value(key)
        guard let items = found.arrayValue else {
            throw schemaError(child(key), "expected a list, found \(found.kindDescription)")
        }
        return items
    }

    func strings(_ key: String) throws(CorrectionError) -> [String] {
        var result: [String] = []
        for (index, item) in try array(key).enumerated() {
            guard let text = item.stringValue else {
                throw schemaError("\(child(key))[\(index)]", "expected a string, found \(item.kindDescription)")
            }
            result.append(text)
        }
        return result
    }

    func numbers(_ key: String) throws(CorrectionError) -> [Double] {
        var result: [Double] = []
        for (index, item) in try array(key).enumerated() {
            result.append(try Self.number(item, at: "\(child(key))[\(index)]"))
        }
        return result
    }

    /// A JSON number (integer or not) as a double.
    static func number(_ value: ConfigValue, at path: String) throws(CorrectionError) -> Double {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: throw schemaError(path, "expected a number, found \(value.kindDescription)")
        }
    }
}

/// A schema violation at `path`.
func schemaError(_ path: String, _ message: String) -> CorrectionError {
    CorrectionError(.invalidSchema, location: path, message)
}
