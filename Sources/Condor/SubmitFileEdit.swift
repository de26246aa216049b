// Condor layer: editing a submit file that is already written (recreate, check-jobs): read one
// command's value, replace it in place, or add it before the queue statement — every other line,
// comment and the queue block kept byte for byte.

import Foundation

/// The text of a submit file, edited one command at a time.
public struct SubmitFileEdit: Sendable, Equatable {
    /// The current text.
    public private(set) var text: String

    public init(text: String) {
        self.text = text
    }

    /// The value of the first `key = value` command (keys compare without case, as condor_submit does;
    /// `+Attr` and `MY.Attr` name the same attribute).
    public func value(of key: String) -> String? {
        lines.lazy.compactMap { Self.command(in: $0) }.first { Self.sameKey($0.key, key) }?.value
    }

    /// Sets `key` to `value`: in place when a command has that key (under either spelling), else on a new
    /// line before the first `queue` statement.
    public mutating func set(_ key: String, _ value: String) {
        var lines = self.lines
        if let index = lines.firstIndex(where: { Self.command(in: $0).map { Self.sameKey($0.key, key) } ?? false }),
            let existing = Self.command(in: lines[index])
        {
            lines[index] = "\(existing.key) = \(value)"
        } else {
            let queue =
                lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("queue") }
                ?? lines.endIndex
            lines.insert("\(key) = \(value)", at: queue)
        }
        text = lines.joined(separator: "\n")
    }

    private var lines: [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    private static func command(in line: String) -> (key: String, value: String)? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { return nil }
        let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, !key.contains(" "), !key.lowercased().hasPrefix("queue") else { return nil }
        return (key, trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces))
    }

    private static func sameKey(_ lhs: String, _ rhs: String) -> Bool {
        canonical(lhs) == canonical(rhs)
    }

    private static func canonical(_ key: String) -> String {
        let lower = key.lowercased()
        if lower.hasPrefix("+") { return "my." + lower.dropFirst() }
        return lower
    }
}
