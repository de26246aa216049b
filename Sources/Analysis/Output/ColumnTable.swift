// Analysis layer: the saved columns of one dataset and category — each column's values (with the
// count per event for lists) and each event's nominal weight. Merging appends; the tables are written
// as ROOT trees beside the output file (ColumnsFile).

/// The saved columns of one dataset and category.
public struct ColumnTable: Sendable, Equatable {
    /// Which table: the dataset and the category.
    public struct Key: Sendable, Hashable, Comparable {
        public var dataset: String
        public var category: String

        public init(dataset: String, category: String) {
            self.dataset = dataset
            self.category = category
        }

        /// The tree name: `<dataset>__<category>`.
        public var treeName: String { "\(dataset)__\(category)" }

        public static func < (lhs: Key, rhs: Key) -> Bool { (lhs.dataset, lhs.category) < (rhs.dataset, rhs.category) }
    }

    /// One column: values, and for a list per event the number of values of each event.
    public struct Column: Sendable, Equatable {
        public var name: String
        public var values: [Double]
        public var counts: [Int32]?

        public init(name: String, values: [Double], counts: [Int32]?) {
            self.name = name
            self.values = values
            self.counts = counts
        }
    }

    /// The columns, in the configurator's order.
    public internal(set) var columns: [Column]
    /// Each event's nominal weight.
    public internal(set) var weights: [Double]

    public init(columns: [Column], weights: [Double]) {
        self.columns = columns
        self.weights = weights
    }

    /// Whether `other` holds the same columns (names and kinds), so it can be appended.
    func matches(_ other: ColumnTable) -> Bool {
        columns.map(\.name) == other.columns.map(\.name)
            && zip(columns, other.columns).allSatisfy { ($0.counts == nil) == ($1.counts == nil) }
    }

    /// Appends `other`'s events (checked with ``matches(_:)``).
    mutating func append(_ other: ColumnTable) {
        for index in columns.indices {
            columns[index].values += other.columns[index].values
            if let counts = other.columns[index].counts { columns[index].counts? += counts }
        }
        weights += other.weights
    }
}
