// Columnar layer: per-event and per-object masks, without a branch on their flags. Every loop writes
// each position and moves on by the flag's byte (0 or 1): `flag ? 1 : 0` compiles to a compare and a
// jump, which mispredicts on data masks (a pT cut passes objects at random).

/// Compaction and counting by mask.
public enum Masks {
    /// The values whose flag is true, in order (the first `min(values, mask)` positions).
    public static func compacted<T>(_ values: [T], by mask: [Bool]) -> [T] {
        values.withUnsafeBufferPointer { values in
            mask.withUnsafeBytes { flags in
                [T](unsafeUninitializedCapacity: values.count) { target, count in
                    var slot = 0
                    for index in 0..<Swift.min(values.count, flags.count) {
                        target[slot] = values[index]
                        slot &+= Int(flags[index])
                    }
                    count = slot
                }
            }
        }
    }

    /// The events true in every one of `masks` (each `count` flags); all true when there is none.
    public static func intersection(_ masks: [[Bool]], count: Int) -> [Bool] {
        var result = [Bool](repeating: true, count: count)
        result.withUnsafeMutableBytes { result in
            for mask in masks {
                precondition(mask.count == count, "a mask of \(mask.count) flags for \(count) events")
                mask.withUnsafeBytes { flags in
                    for index in 0..<count { result[index] &= flags[index] }
                }
            }
        }
        return result
    }

    /// The positions of `first..<end` (by default all of them) whose flag is true, in order, each plus
    /// `base` (the first flag's number when the mask covers a block).
    public static func truePositions(
        _ mask: [Bool], from first: Int = 0, to end: Int? = nil, numberedFrom base: Int = 0
    ) -> [Int32] {
        let end = end ?? mask.count
        return mask.withUnsafeBytes { flags in
            [Int32](unsafeUninitializedCapacity: end - first) { target, count in
                var slot = 0
                for index in first..<end {
                    target[slot] = Int32(truncatingIfNeeded: index &+ base)
                    slot &+= Int(flags[index])
                }
                count = slot
            }
        }
    }

    /// How many of the first `limit` flags are true.
    public static func trueCount(_ mask: [Bool], limit: Int) -> Int {
        mask.withUnsafeBytes { flags in
            var count = 0
            for index in 0..<Swift.min(limit, flags.count) { count &+= Int(flags[index]) }
            return count
        }
    }

    /// For each position of `first..<end`, how many flags before it (from `first`) are true, then the
    /// total: `end - first + 1` counts.
    static func trueBefore(_ mask: [Bool], from first: Int, to end: Int) -> [Int32] {
        mask.withUnsafeBytes { flags in
            [Int32](unsafeUninitializedCapacity: end - first + 1) { target, count in
                var running: Int32 = 0
                for index in first..<end {
                    target[index - first] = running
                    running &+= Int32(truncatingIfNeeded: flags[index])
                }
                target[end - first] = running
                count = end - first + 1
            }
        }
    }
}
