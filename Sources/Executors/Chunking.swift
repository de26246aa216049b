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

    /// `chunk` cut at `boundaries` (ascending) into pieces of at most `size` entries where the boundaries
    /// allow, else of one stretch between boundaries: the ranges a chunk of a local file is read in, so
    /// that no basket is read twice and a piece's columns stay small.
    public static func pieces(of chunk: Range<Int64>, size: Int64, boundaries: [Int64]) -> [Range<Int64>] {
        let inner = boundaries.filter { $0 > chunk.lowerBound && $0 < chunk.upperBound }
        var pieces: [Range<Int64>] = []
        var start = chunk.lowerBound
        var next = 0
        while chunk.upperBound - start > size {
            var end: Int64?
            while next < inner.count, inner[next] <= start + size {
                if inner[next] > start { end = inner[next] }
                next += 1
            }
            let cut = end ?? (next < inner.count ? inner[next] : chunk.upperBound)
            pieces.append(start..<cut)
            start = cut
        }
        if start < chunk.upperBound || pieces.isEmpty { pieces.append(start..<chunk.upperBound) }
        return pieces
    }
}
