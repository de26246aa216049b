// Corrections layer: one correction of a correctionlib file — named, typed inputs, a real output and
// the content tree that maps inputs to the output. Evaluation lives in Evaluation/.

/// A correction: a function of typed inputs to a real number.
public struct Correction: Sendable {
    /// The correction's name, unique in its set.
    public var name: String
    /// What it is, when the file says.
    public var description: String?
    /// The version number the file gives.
    public var version: Int
    /// The inputs, in the order evaluation takes them.
    public var inputs: [Variable]
    /// The output (always real).
    public var output: Variable
    /// The content tree.
    let root: Node
    /// The interned string keys of each input.
    let strings: [StringTable]
}

/// A compound correction: corrections of the same set applied in a stack, each one's output
/// updating some inputs of the next and accumulating into the result.
public struct CompoundCorrection: Sendable {
    /// How a value is combined with the next correction's output.
    enum Operation: Sendable {
        case add, multiply, divide, last
    }

    /// One correction of the stack and, for each of its inputs, the position of that input among
    /// the compound's inputs.
    struct Step: Sendable {
        var correction: Correction
        var inputMap: [Int]
    }

    /// The compound correction's name.
    public var name: String
    /// What it is, when the file says.
    public var description: String?
    /// The inputs, in the order evaluation takes them.
    public var inputs: [Variable]
    /// The output (always real).
    public var output: Variable
    /// The positions of the real inputs each step updates.
    let updated: [Int]
    let inputOperation: Operation
    let outputOperation: Operation
    let stack: [Step]
}
