// Executors layer: where a file's entries are cut into chunks. A chunk ends at a basket boundary that
// the branches read share, when one lies within a quarter of a chunk of where `chunksize` would end it:
// a cut inside a basket makes both chunks read and decompress that basket of every branch.

/// Cuts a file's entries into chunks of about `chunksize` entries.
public enum Chunking {
    /// The chunks of `entries` entries: each ends at the boundary of `boundaries` (ascending) nearest to
    /// `chunksize` entries after its start, if one lies within `chunksize / 4` of it, else exactly there;
    /// the last ends at `entries`.
    public static func chunks(entries: Int64, chunksize: Int64, boundaries: [Int64]) -> [Range<Int64>] {
        precondition(chunksize > 0, "chunks of \(chunksize) entries")
        // Bounded by the entries, so that no sum below passes 2 × entries.
        let slack = min(chunksize / 4, entries)
        var chunks: [Range<Int64>] = []
        var start: Int64 = 0
        var next = 0
        while start < entries {
            let target = start + min(chunksize, entries - start)
            var end = target
            while next < boundaries.count, boundaries[next] < target - slack { next += 1 }
            var candidate = next
            var best: Int64?
            while candidate < boundaries.count, boundaries[candidate] <= target + slack {
                let boundary = boundaries[candidate]
                if boundary > start, boundary <= entries,
                    best.map({ abs(boundary - target) < abs($0 - target) }) ?? true
                {
                    best = boundary
                }
                candidate += 1
            }
            if let best { end = best }
            chunks.append(start..<end)
            start = end
        }
        return chunks
    }
}
