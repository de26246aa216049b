// Corrections layer: the content tree of a correction, as decoded and ready to evaluate. Inputs are
// referred to by position; string keys are interned to integers when the file is loaded (see
// ``StringTable``), so evaluating a node never hashes or compares strings.

/// A node of a correction's content tree.
indirect enum Node: Sendable {
    /// A number.
    case constant(Double)
    /// A one-dimensional binning.
    case binning(Binning)
    /// A binning in several inputs, content in C order.
    case multiBinning(MultiBinning)
    /// A lookup by an integer or string key.
    case category(Category)
    /// A formula (also a `formularef`, with its parameters bound).
    case formula(Formula)
    /// Rewrites one input, then evaluates a subtree with it.
    case transform(Transform)
    /// A deterministic pseudo-random number seeded by inputs.
    case hashPRNG(HashPRNG)
}

/// What a binning does with values outside its edges.
enum Flow: Sendable, Equatable {
    /// Evaluate the flow node (stored after the bins' content).
    case value
    /// Use the first or last bin.
    case clamp
    /// Fail.
    case error
    /// Periodic: fold the value into the range.
    case wrap
}

/// The edges of one binned input.
enum Edges: Sendable {
    /// `n` bins of equal width from `low` to `high`.
    case uniform(n: Int, low: Double, high: Double)
    /// Increasing edges, infinities allowed.
    case variable([Double])

    /// The number of bins.
    var count: Int {
        switch self {
        case .uniform(let n, _, _): n
        case .variable(let edges): edges.count - 1
        }
    }
}

/// A `binning` node.
struct Binning: Sendable {
    /// The input's position.
    var input: Int
    var edges: Edges
    var flow: Flow
    /// One node per bin, then the flow node (the constant 0 unless `flow` is `.value`, as correctionlib).
    var content: [Node]
}

/// A `multibinning` node.
struct MultiBinning: Sendable {
    /// One binned input: its position, edges and the stride of its index in `content`.
    struct Axis: Sendable {
        var input: Int
        var edges: Edges
        var stride: Int
    }

    var axes: [Axis]
    var flow: Flow
    /// The bins in C order, then the flow node when `flow` is `.value`.
    var content: [Node]
}

/// A `category` node over an int input or an interned string input.
struct Category: Sendable {
    /// The input's position.
    var input: Int
    /// Key (an int, or a string's index in the input's ``StringTable``) to position in `content`.
    var index: [Int64: Int]
    var content: [Node]
    var fallback: Node?
}

/// A `transform` node.
struct Transform: Sendable {
    /// The input's position.
    var input: Int
    /// Whether the input is an int (the rule's result is rounded half away from zero).
    var isInteger: Bool
    var rule: Node
    var content: Node
}

/// A `hashprng` node.
struct HashPRNG: Sendable {
    /// What the numbers follow.
    enum Distribution: Sendable {
        /// Uniform in [0, 1), as libstdc++'s `uniform_real_distribution<double>`.
        case stdflat
        /// Standard normal by the Marsaglia polar method on the raw generator output.
        case normal
    }

    /// The inputs whose bits seed the generator, and whether each is an int (else a real).
    var inputs: [(position: Int, isInteger: Bool)]
    var distribution: Distribution
}

/// The strings that category nodes of one string input key on, numbered from 0.
///
/// Any other string gets -1, which no category holds.
struct StringTable: Sendable {
    var ids: [String: Int64] = [:]

    /// The id of `key`, adding it when new.
    mutating func intern(_ key: String) -> Int64 {
        if let id = ids[key] { return id }
        let id = Int64(ids.count)
        ids[key] = id
        return id
    }

    /// The id of `text`, or -1.
    func id(_ text: String) -> Int64 { ids[text] ?? -1 }
}
