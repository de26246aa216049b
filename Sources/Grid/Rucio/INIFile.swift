// Grid layer: the INI dialect of rucio.cfg (Python configparser): `[section]`, `key = value` or
// `key: value`, `#`/`;` comment lines, keys case-insensitive.

/// The sections of an INI file, keys lower-cased.
struct INIFile {
    private(set) var sections: [String: [String: String]] = [:]

    init(_ text: String) {
        var section = ""
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = line[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            sections[section, default: [:]][key] = value
        }
    }

    /// The value of `key` in `section`; `nil` when absent or empty.
    subscript(section section: String, key key: String) -> String? {
        guard let value = sections[section]?[key.lowercased()], !value.isEmpty else { return nil }
        return value
    }
}
