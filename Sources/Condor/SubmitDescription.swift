// Condor layer: an HTCondor submit description as ordered key/value data plus a queue statement,
// rendered by one writer. Keys keep the order PocketCoffea writes them in, so files diff cleanly
// against the reference's.

/// A submit description: ordered `key = value` commands and one `queue` statement.
public struct SubmitDescription: Sendable, Equatable {
    /// How many jobs the description queues, and with which item values.
    public enum Queue: Sendable, Equatable {
        /// `queue`: one job.
        case single
        /// `queue VAR from ( … )`: one job per item, `$(VAR)` set to the item.
        case from(variable: String, items: [String])
    }

    /// The commands in the order they are written.
    public private(set) var commands: [(key: String, value: String)] = []
    /// The queue statement at the end.
    public var queue: Queue = .single

    public init() {}

    /// Sets `key` to `value`, in place when the key is already there, else at the end.
    public mutating func set(_ key: String, _ value: String) {
        if let index = commands.firstIndex(where: { $0.key == key }) {
            commands[index].value = value
        } else {
            commands.append((key, value))
        }
    }

    /// The value of `key`, if set.
    public subscript(key: String) -> String? {
        commands.first { $0.key == key }?.value
    }

    /// A copy with every value passed through `transform` (used to specialise `$(ProcId)` per job).
    public func mappingValues(_ transform: (String, String) -> String) -> SubmitDescription {
        var copy = self
        copy.commands = commands.map { ($0.key, transform($0.key, $0.value)) }
        return copy
    }

    /// The submit file text.
    public var text: String {
        var lines = commands.map { "\($0.key) = \($0.value)" }
        switch queue {
        case .single:
            lines.append("queue")
        case .from(let variable, let items):
            lines.append("queue \(variable) from (")
            lines += items.map { "  " + $0 }
            lines.append(")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func == (lhs: SubmitDescription, rhs: SubmitDescription) -> Bool {
        lhs.text == rhs.text
    }
}
