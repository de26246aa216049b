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
        (commands.map { "\($0.key) = \($0.value)" } + queueLines).joined(separator: "\n") + "\n"
    }

    /// The lines of the queue statement.
    var queueLines: [String] {
        switch queue {
        case .single:
            ["queue"]
        case .from(let variable, let items):
            ["queue \(variable) from ("] + items.map { "  " + $0 } + [")"]
        }
    }

    public static func == (lhs: SubmitDescription, rhs: SubmitDescription) -> Bool {
        lhs.text == rhs.text
    }
}

/// A submit description to be written many times with different values of a few macros (job_N.sub
/// for thousands of jobs). The text is rendered once and cut at every occurrence of the macros in the
/// command values; ``write(_:into:)`` joins the pieces with each file's values. The result is the text
/// of the description with each macro replaced by its value in every command value (keys and the queue
/// statement are left as they are).
public struct SubmitTemplate: Sendable {
    private enum Piece: Sendable {
        case text([UInt8])
        case value(Int)
    }

    private let pieces: [Piece]
    /// The macros, in the order their values are passed.
    public let macros: [String]

    /// Cuts `description` at `macros`, such as `["$(ProcId)", "$(chunksize)"]`.
    public init(_ description: SubmitDescription, filling macros: [String]) {
        self.macros = macros
        let patterns = macros.map { Array($0.utf8) }
        var pieces: [Piece] = []
        var literal: [UInt8] = []
        for (key, value) in description.commands {
            literal += Array("\(key) = ".utf8)
            let bytes = Array(value.utf8)
            var position = 0
            scanning: while position < bytes.count {
                for (number, pattern) in patterns.enumerated() where !pattern.isEmpty {
                    if bytes[position...].starts(with: pattern) {
                        if !literal.isEmpty { pieces.append(.text(literal)) }
                        literal = []
                        pieces.append(.value(number))
                        position += pattern.count
                        continue scanning
                    }
                }
                literal.append(bytes[position])
                position += 1
            }
            literal.append(UInt8(ascii: "\n"))
        }
        literal += Array((description.queueLines.joined(separator: "\n") + "\n").utf8)
        pieces.append(.text(literal))
        self.pieces = pieces
    }

    /// Appends the text with `values[i]` in place of `macros[i]`.
    public func write(_ values: [String], into output: inout [UInt8]) {
        precondition(values.count == macros.count, "one value per macro")
        for piece in pieces {
            switch piece {
            case .text(let bytes): output.append(contentsOf: bytes)
            case .value(let number): output.append(contentsOf: values[number].utf8)
            }
        }
    }

    /// The text with `values[i]` in place of `macros[i]`.
    public func text(_ values: [String]) -> String {
        var output: [UInt8] = []
        write(values, into: &output)
        return String(decoding: output, as: UTF8.self)
    }
}
