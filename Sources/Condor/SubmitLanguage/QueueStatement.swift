// Condor layer: a `queue` statement of the submit language (htcondor-jdl `queue`):
//
//   queue [N]
//   queue [N] [VAR] in ( a, b, c )                 items separated by commas and/or spaces
//   queue [N] [VAR, …] from ( one item per line )  the last variable takes the rest of the line
//   queue [N] [VAR, …] from FILE
//
// N jobs are queued per item. `matching` and slices are not read here and are reported as such.

/// How many jobs a `queue` statement makes, and the variables each gets.
public struct QueueStatement: Sendable, Hashable {
    /// Jobs per item (`N`, 1 when absent).
    public var count: Int
    /// The variable names (`Item` when an item list names none).
    public var variables: [String]
    /// One value per variable for each item; `nil` for `queue [N]`, which has no items.
    public var items: [[String]]?

    public init(count: Int = 1, variables: [String] = [], items: [[String]]? = nil) {
        self.count = count
        self.variables = variables
        self.items = items
    }

    /// The number of jobs queued.
    public var jobCount: Int { count * (items?.count ?? 1) }

    /// Splits one `from` line into a value per variable: words separated by commas and/or blanks,
    /// the last variable taking the rest of the line, trimmed.
    static func values(of line: Substring, for variableCount: Int) -> [String] {
        var values: [String] = []
        var rest = line.trimmingBlanks()
        while values.count < variableCount - 1, !rest.isEmpty {
            let end = rest.firstIndex { $0 == "," || $0 == " " || $0 == "\t" } ?? rest.endIndex
            values.append(String(rest[..<end]))
            rest = rest[end...].drop { $0 == "," || $0 == " " || $0 == "\t" }
        }
        values.append(String(rest.trimmingBlanks()))
        return values + Array(repeating: "", count: max(0, variableCount - values.count))
    }

    /// Splits an `in` list into items: separated by commas and/or blanks.
    static func words(of text: Substring) -> [String] {
        text.split { $0 == "," || $0 == " " || $0 == "\t" }.map(String.init)
    }
}
