// Executors layer: the unit of work of a local run — a range of entries of one file of one dataset.

/// A chunk: entries `entries` of the tree in `file`, which belongs to dataset `dataset`.
public struct WorkItem: Sendable, Equatable {
    /// The dataset's index in the run.
    public var dataset: Int
    public var file: String
    public var entries: Range<Int64>
}

/// A file that could not be read, and why.
public struct SkippedFile: Sendable, Equatable {
    public var dataset: String
    public var file: String
    public var reason: String
}
