// Condor layer: the identity of an HTCondor job, `cluster.proc.subproc` in event headers and
// `cluster.proc` in HTCondor's own messages.

/// A job's cluster, process and sub-process numbers.
public struct CondorJobID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The cluster: one per `condor_submit`.
    public var cluster: Int
    /// The process within the cluster, from 0.
    public var proc: Int
    /// The sub-process (always 0 outside parallel universes).
    public var subproc: Int

    public init(cluster: Int, proc: Int, subproc: Int = 0) {
        self.cluster = cluster
        self.proc = proc
        self.subproc = subproc
    }

    /// `cluster.proc`, as condor_q prints it.
    public var description: String { "\(cluster).\(proc)" }

    /// `(cluster.proc.subproc)` as an event header writes it: each number zero-padded to at least 3 digits.
    public var headerText: String {
        "(" + [cluster, proc, subproc].map(Self.padded).joined(separator: ".") + ")"
    }

    public static func < (lhs: CondorJobID, rhs: CondorJobID) -> Bool {
        (lhs.cluster, lhs.proc, lhs.subproc) < (rhs.cluster, rhs.proc, rhs.subproc)
    }

    /// `%03d`: negative numbers keep their sign inside the width (`-01`).
    private static func padded(_ number: Int) -> String {
        let digits = String(number.magnitude)
        let sign = number < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, 3 - sign.count - digits.count)) + digits
    }
}
