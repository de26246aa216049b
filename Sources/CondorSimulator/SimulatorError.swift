// Condor simulator: what goes wrong in condor_submit or the schedd, worded as condor_submit words it.

/// A failed simulator operation.
public struct SimulatorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed and how to fix it; condor_submit prints it after `ERROR: `.
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
