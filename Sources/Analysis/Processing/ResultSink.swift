// Analysis layer: where the processor puts what it computes for a chunk — cutflow entries, sums of
// generator weights and histogram fills. The output model implements it; so can tests.

/// Receives the results of processing chunks.
public protocol ResultSink {
    /// Declares a histogram before its first fill (the sink creates it with the plan's axes).
    mutating func declare(_ variable: VariablePlan, variations: [String]) throws
    /// Adds the events of `step` with their weights.
    mutating func addCutflow(dataset: String, step: String, weights: EventWeights) throws
    /// Adds the generator weights of a block of events before any cut (MC).
    mutating func addGeneratorWeights(dataset: String, sum: Double, signSum: Double) throws
    /// Fills histogram `variable`: one array per axis (equal lengths) and the entries' weights (`nil`: each
    /// entry weighs 1).
    mutating func fill(
        variable: String, dataset: String, category: String, variation: String, values: [[Double]],
        weights: [Double]?
    ) throws
    /// Saves the columns of one dataset and category (`columns`).
    mutating func saveColumns(dataset: String, category: String, table: ColumnTable) throws
}

extension ResultSink {
    /// Saves the columns of one dataset and category (`columns`); sinks that keep no columns ignore them.
    public mutating func saveColumns(dataset: String, category: String, table: ColumnTable) throws {}
}
