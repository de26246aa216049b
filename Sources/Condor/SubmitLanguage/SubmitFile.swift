// Condor layer: a submit description file read the way condor_submit reads it — `KEY = VALUE`
// commands (`+Attr` is `MY.Attr`, keys are case-insensitive, a trailing `\` continues a line, `#`
// starts a comment line) and one or more `queue` statements, each queuing jobs with the commands
// read so far. ``SubmitJob`` then expands one job's values with its automatic variables
// ($(ClusterId), $(ProcId), $(Step), $(ItemIndex), …) and its queue item.

import Foundation

/// A parsed submit description file.
public struct SubmitFile: Sendable {
    /// A `KEY = VALUE` command.
    public struct Command: Sendable, Hashable {
        /// The key as written, `+Attr` already spelled `MY.Attr`.
        public var key: String
        /// The value, unexpanded, without surrounding blanks.
        public var value: String
        /// The 1-based line it is on.
        public var line: Int
    }

    /// A `queue` statement with the commands in force when it was read.
    public struct QueueBlock: Sendable {
        public var commands: [Command]
        public var queue: QueueStatement
        /// The 1-based line of the `queue` statement.
        public var line: Int
    }

    /// The file, when read from one.
    public var path: String?
    /// The queue statements in order.
    public private(set) var blocks: [QueueBlock] = []

    /// Reads the submit file at `path`; `queue … from FILE` lists are read relative to its folder.
    ///
    /// - Throws: ``SubmitFileError`` naming the file and line.
    public init(contentsOf path: String) throws(SubmitFileError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SubmitFileError(path: path, message: "cannot read the submit file: \(error.localizedDescription)")
        }
        let folder = (path as NSString).deletingLastPathComponent
        try self.init(parsing: text, path: path) { name in
            try String(contentsOfFile: name.hasPrefix("/") ? name : folder + "/" + name, encoding: .utf8)
        }
    }

    /// Parses submit-file text.
    ///
    /// - Parameter readFile: reads the item list of `queue … from FILE`.
    /// - Throws: ``SubmitFileError`` naming the line.
    public init(
        parsing text: String, path: String? = nil,
        readFile: (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }
    ) throws(SubmitFileError) {
        self.path = path
        var reader = LineReader(text)
        var commands: [Command] = []
        do {
            while let (line, number) = reader.next() {
                if line.isEmpty || line.hasPrefix("#") { continue }
                if let arguments = Self.queueArguments(line) {
                    let queue = try Self.queue(arguments, reader: &reader, readFile: readFile)
                    blocks.append(QueueBlock(commands: commands, queue: queue, line: number))
                } else {
                    commands.append(try Self.command(line, number: number))
                }
            }
        } catch var error {
            error.path = path
            error.line = error.line ?? reader.lineNumber
            throw error
        }
        if blocks.isEmpty {
            throw SubmitFileError(
                path: path,
                message: "no queue statement, so condor_submit would queue nothing; end the file with 'queue'")
        }
    }

    /// The jobs the file queues in cluster `cluster`, procs numbered from 0 across queue statements.
    ///
    /// - Parameter environment: what `$ENV(NAME)` reads.
    public func jobs(cluster: Int, environment: [String: String] = [:]) -> [SubmitJob] {
        var jobs: [SubmitJob] = []
        for block in blocks {
            let queue = block.queue
            for (itemIndex, item) in (queue.items ?? [[]]).enumerated() {
                for step in 0..<queue.count {
                    var macros: [String: String] = [:]
                    for command in block.commands { macros[command.key.lowercased()] = command.value }
                    for (name, value) in zip(queue.variables, item) { macros[name.lowercased()] = value }
                    let proc = jobs.count
                    for (name, value) in [("Step", step), ("ItemIndex", itemIndex), ("Row", itemIndex)]
                    where macros[name.lowercased()] == nil {
                        macros[name.lowercased()] = String(value)
                    }
                    for name in ["ClusterId", "Cluster"] { macros[name.lowercased()] = String(cluster) }
                    for name in ["ProcId", "Process"] { macros[name.lowercased()] = String(proc) }
                    macros["jobid"] = "\(cluster).\(proc)"
                    jobs.append(
                        SubmitJob(
                            id: CondorJobID(cluster: cluster, proc: proc), commands: block.commands,
                            macros: SubmitMacros(macros, environment: environment)))
                }
            }
        }
        return jobs
    }

    // MARK: - Lines

    /// `KEY = VALUE`.
    private static func command(_ line: Substring, number: Int) throws(SubmitFileError) -> Command {
        guard let equals = line.firstIndex(of: "=") else {
            throw SubmitFileError(line: number, message: "expected 'KEY = VALUE' or a queue statement, found '\(line)'")
        }
        var key = line[..<equals].trimmingBlanks()
        let value = line[line.index(after: equals)...].trimmingBlanks()
        if key.hasPrefix("+") { key = "MY." + key.dropFirst() }
        guard !key.isEmpty, !key.contains(where: { $0 == " " || $0 == "\t" }), key != "MY." else {
            throw SubmitFileError(line: number, message: "'\(line)' has no valid key before '='")
        }
        return Command(key: String(key), value: String(value), line: number)
    }

    /// The text after the `queue` keyword, or `nil` when `line` is not a queue statement.
    private static func queueArguments(_ line: Substring) -> Substring? {
        guard line.count >= 5, line.prefix(5).lowercased() == "queue" else { return nil }
        let rest = line.dropFirst(5)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        return rest.trimmingBlanks()
    }

    private static func queue(
        _ arguments: Substring, reader: inout LineReader, readFile: (String) throws -> String
    ) throws(SubmitFileError) -> QueueStatement {
        var rest = arguments
        var statement = QueueStatement()
        let first = rest.prefix { !($0 == " " || $0 == "\t") }
        if let count = Int(first) {
            statement.count = count
            rest = rest.dropFirst(first.count).trimmingBlanks()
        }
        guard !rest.isEmpty else { return statement }
        let words = rest.split { $0 == " " || $0 == "\t" }
        guard let keywordIndex = words.firstIndex(where: { ["in", "from", "matching"].contains($0.lowercased()) })
        else {
            throw SubmitFileError(message: "cannot read 'queue \(arguments)': expected 'queue [N] [VARS] in|from …'")
        }
        let keyword = words[keywordIndex].lowercased()
        let variables = words[..<keywordIndex].flatMap { QueueStatement.words(of: $0) }
        statement.variables = variables.isEmpty ? ["Item"] : variables
        var list = rest[words[keywordIndex].endIndex...].trimmingBlanks()
        guard keyword != "matching" else {
            throw SubmitFileError(message: "'queue … matching' is not supported here; list the items with 'from ( … )'")
        }
        guard !list.hasPrefix("[") else {
            throw SubmitFileError(
                message: "queue slices ('[start:stop]') are not supported here; list the items instead")
        }
        var lines: [Substring]
        if list.hasPrefix("(") {
            list = list.dropFirst()
            if let close = list.lastIndex(of: ")") {
                lines = [list[..<close]]
            } else {
                lines = list.trimmingBlanks().isEmpty ? [] : [list]
                lines += try reader.linesUntilClosingParenthesis()
            }
        } else if keyword == "from" {
            do {
                lines = try readFile(String(list)).split(separator: "\n", omittingEmptySubsequences: false)
            } catch {
                throw SubmitFileError(
                    message: "cannot read the queue items from '\(list)': \(error.localizedDescription)")
            }
        } else {
            lines = [list]
        }
        let items = lines.map { $0.trimmingBlanks() }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        if keyword == "in" {
            guard statement.variables.count == 1 else {
                throw SubmitFileError(message: "'queue … in' sets one variable, not \(statement.variables.count)")
            }
            statement.items = items.flatMap { QueueStatement.words(of: $0) }.map { [$0] }
        } else {
            statement.items = items.map { QueueStatement.values(of: $0, for: statement.variables.count) }
        }
        return statement
    }
}

/// Logical lines of a submit file: trimmed, `\r` dropped, `\`-continued lines joined.
private struct LineReader {
    private let lines: [Substring]
    private var index = 0

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
    }

    /// The 1-based number of the last line read.
    var lineNumber: Int { index }

    mutating func next() -> (Substring, Int)? {
        guard index < lines.count else { return nil }
        let number = index + 1
        var line = lines[index].trimmingBlanks()
        index += 1
        while line.hasSuffix("\\"), index < lines.count {
            line = Substring(line.dropLast() + lines[index].trimmingBlanks())
            index += 1
        }
        return (line, number)
    }

    /// The raw lines up to one that begins with `)`, which is consumed.
    mutating func linesUntilClosingParenthesis() throws(SubmitFileError) -> [Substring] {
        let start = index
        var items: [Substring] = []
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.trimmingBlanks().hasPrefix(")") { return items }
            items.append(line)
        }
        throw SubmitFileError(line: start, message: "the queue item list opened with '(' is never closed by a line ')'")
    }
}
