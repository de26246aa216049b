// Corrections layer: the inputs of the event being evaluated, by input position. `reals[i]` holds
// the value of a real input, or an int input converted to double (what binnings compare);
// `ints[i]` holds an int input, or a string input's interned id. Both point into one buffer
// allocated per batch, so evaluating an event allocates nothing.

/// One event's input values.
struct Slots {
    let reals: UnsafeMutablePointer<Double>
    let ints: UnsafeMutablePointer<Int64>
}

/// Why a node could not give a value; turned into a ``CorrectionError`` by the caller, who knows the
/// correction's name and the inputs' original values.
enum NodeFailure: Error {
    /// Outside the edges of a binning (`node` is "Binning" or "MultiBinning") whose flow is "error".
    case outOfBounds(node: String, below: Bool, input: Int, value: Double)
    /// A category key with no entry and no default.
    case missingKey(input: Int, key: Int64)
    /// A value that cannot be binned (NaN in a uniform binning) or converted (a transform's result to int).
    case invalid(input: Int, value: Double, reason: String)
}

/// The values of one input over a batch of events.
enum Source {
    /// A real per event.
    case reals([Double])
    /// An int (or interned string) per event.
    case ints([Int64])
    /// The same real for every event.
    case real(Double)
    /// The same int (or interned string) for every event.
    case int(Int64)

    /// Stores event `event`'s value in `slots` at `position`.
    @inline(__always)
    func load(_ event: Int, into slots: Slots, at position: Int) {
        switch self {
        case .reals(let values): slots.reals[position] = values[event]
        case .ints(let values):
            slots.ints[position] = values[event]
            slots.reals[position] = Double(values[event])
        case .real(let value): slots.reals[position] = value
        case .int(let value):
            slots.ints[position] = value
            slots.reals[position] = Double(value)
        }
    }
}

/// Runs `body` with slots for `count` inputs, allocated on the stack when small.
func withSlots<Value>(count: Int, _ body: (Slots) throws(CorrectionError) -> Value) throws(CorrectionError) -> Value {
    let outcome: Result<Value, CorrectionError> = withUnsafeTemporaryAllocation(
        of: Double.self, capacity: max(1, count)
    ) {
        reals in
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: max(1, count)) { ints in
            reals.initialize(repeating: 0)
            ints.initialize(repeating: 0)
            guard let realBase = reals.baseAddress, let intBase = ints.baseAddress else {
                preconditionFailure("a temporary allocation of at least one element has an address")
            }
            return Result { () throws(CorrectionError) -> Value in try body(Slots(reals: realBase, ints: intBase)) }
        }
    }
    return try outcome.get()
}
