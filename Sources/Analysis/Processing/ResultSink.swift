// Analysis layer: where the processor puts what it computes for a chunk — cutflow entries, sums of
// generator weights and histogram fills. The output model implements it; so can tests.

/// Receives the results of processing chunks.
public protocol ResultSink {
    /// Adds `events` events with weights summing to `sumw` (and squares to `sumw2`) at `step`.
    mutating func addCutflow(dataset: String, step: String, events: Double, sumw: Double, sumw2: Double)
    /// Adds the generator weights of a chunk's events before any cut (MC).
    mutating func addGeneratorWeights(dataset: String, sum: Double, signSum: Double)
    /// Fills histogram `variable`: one array per axis (equal lengths) and the entries' weights.
    mutating func fill(
        variable: String, dataset: String, category: String, variation: String, values: [[Double]], weights: [Double])
}
