// Executors tests: where a file's entries are cut into chunks — at the basket boundaries the branches
// read share, when one is within a quarter of a chunk of `chunksize` — and a chunk of a local file into
// the pieces it is read in; a local run that cuts its chunks there.

import Analysis
import Configuration
import Executors
import TestSupport
import Testing

@Suite struct ChunkingTests {
    func ends(_ entries: Int64, _ chunksize: Int64, _ boundaries: [Int64]) -> [Int64] {
        Chunking.chunks(entries: entries, chunksize: chunksize, boundaries: boundaries).map(\.upperBound)
    }

    @Test func chunksEndAtSharedBasketBoundariesNearTheirSize() {
        let every90 = Array(stride(from: Int64(0), through: 450, by: 90)) + [500]
        #expect(ends(500, 100, every90) == [90, 180, 270, 360, 450, 500], "boundaries 10% before the size")
        let every110 = Array(stride(from: Int64(0), through: 440, by: 110)) + [500]
        #expect(ends(500, 100, every110) == [110, 220, 330, 440, 500], "boundaries 10% after the size")
        #expect(ends(500, 100, stride(from: 0, through: 500, by: 100).map { $0 }) == [100, 200, 300, 400, 500])
    }

    @Test func chunksAreCutInsideBasketsWhenNoBoundaryIsNear() {
        #expect(ends(1000, 100, [0, 400, 800, 1000]) == [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000])
        #expect(ends(250, 100, [0, 250]) == [100, 200, 250], "one basket")
        #expect(
            ends(1020, 100, Array(stride(from: Int64(0), through: 1000, by: 100)) + [1020]).suffix(2) == [1000, 1020])
        #expect(ends(120, 100, [0, 120]) == [120], "the file's end within a quarter: one chunk")
        #expect(ends(0, 100, [0]).isEmpty)
    }

    /// Any boundaries: the chunks cover the entries in order, none is empty, and each is within a
    /// quarter of a chunk of the size (the last one shorter) and ends at a boundary unless none was near.
    @Test func chunksCoverTheEntriesForAnyBoundaries() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<500 {
            let entries = Int64.random(in: 1...5000, using: &generator)
            let chunksize = Int64.random(in: 1...700, using: &generator)
            let inner = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                Int64.random(in: 1..<entries + 1, using: &generator)
            }
            let boundaries = Array(Set(inner + [0, entries])).sorted()
            let chunks = Chunking.chunks(entries: entries, chunksize: chunksize, boundaries: boundaries)
            #expect(chunks.first?.lowerBound == 0 && chunks.last?.upperBound == entries)
            #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            for chunk in chunks {
                #expect(!chunk.isEmpty)
                #expect(chunk.count <= chunksize + chunksize / 4)
                let target = chunk.lowerBound + chunksize
                let near = boundaries.filter { $0 > chunk.lowerBound && abs($0 - target) <= chunksize / 4 }
                if !near.isEmpty {
                    #expect(near.contains(chunk.upperBound), "\(chunk) with \(near) near \(target)")
                } else if chunk.upperBound != entries {
                    #expect(chunk.count == chunksize)
                }
            }
        }
    }

    func pieces(_ chunk: Range<Int64>, _ size: Int64, _ boundaries: [Int64]) -> [Int64] {
        Chunking.pieces(of: chunk, size: size, boundaries: boundaries).map(\.upperBound)
    }

    @Test func piecesOfAChunkEndAtBoundariesWithinTheSize() {
        let every10 = Array(stride(from: Int64(0), through: 100, by: 10))
        #expect(pieces(0..<100, 25, every10) == [20, 40, 60, 80, 100])
        #expect(pieces(0..<100, 10, every10) == [10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
        #expect(pieces(35..<95, 25, every10) == [60, 80, 95], "a chunk cut inside baskets")
        #expect(pieces(0..<100, 5, [0, 40, 100]) == [40, 100], "a stretch between boundaries longer than the size")
        #expect(pieces(0..<100, 1000, every10) == [100])
        #expect(pieces(0..<100, 25, [0, 100]) == [100])
        #expect(pieces(7..<7, 25, every10) == [7], "an empty chunk is one empty piece")
    }

    /// Any boundaries: the pieces cover the chunk in order, each cut is a boundary, and a piece is longer
    /// than the size only where no boundary lies within the size of its start.
    @Test func piecesCoverTheChunkForAnyBoundaries() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<500 {
            let entries = Int64.random(in: 1...3000, using: &generator)
            let lower = Int64.random(in: 0..<entries, using: &generator)
            let chunk = lower..<Int64.random(in: lower + 1...entries, using: &generator)
            let size = Int64.random(in: 1...400, using: &generator)
            let inner = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                Int64.random(in: 1..<entries + 1, using: &generator)
            }
            let boundaries = Array(Set(inner + [0, entries])).sorted()
            let parts = Chunking.pieces(of: chunk, size: size, boundaries: boundaries)
            #expect(parts.first?.lowerBound == chunk.lowerBound && parts.last?.upperBound == chunk.upperBound)
            #expect(zip(parts, parts.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            #expect(parts.dropLast().allSatisfy { boundaries.contains($0.upperBound) })
            for piece in parts where piece.count > size {
                #expect(
                    !boundaries.contains { $0 > piece.lowerBound && $0 <= piece.lowerBound + size },
                    "\(piece) of \(chunk), size \(size)")
            }
        }
    }

    /// A run over files with baskets of 10,000 events in chunks of 9,000: the chunks end at the basket
    /// boundaries (3 per file, not 4), and the histograms equal those of the files in one chunk each.
    @Test(
        .enabled(if: TestPaths.python(importing: "awkward") != nil, "needs .venv with awkward (make test creates it)"),
        .timeLimit(.minutes(2)))
    func aLocalRunCutsItsChunksAtBaskets() throws {
        let folder = TestPaths.scratchFolder("chunking")
        try ExampleFileset.write(in: folder, events: 30000, seeds: (51, 52))
        let configurator = try AnalysisConfigurator.load(path: folder + "/analysis.yaml")
            .resolvingDatasets(extraFilter: DatasetFilter(), limitFiles: nil)
        func run(chunksize: Int) throws -> AnalysisOutput {
            let (options, _) = try RunOptionsResolver().resolve(
                executor: ExecutorSpec(name: "iterative"), commandLine: OrderedObject([("chunksize", .int(chunksize))]))
            return try LocalRun(configurator: configurator, options: options, workers: 1).run(as: AnalysisOutput.self)
        }
        let (nine, whole) = (try run(chunksize: 9000), try run(chunksize: 30000))
        #expect(nine.processed.count == 2)
        for (dataset, processed) in nine.processed {
            #expect(processed.chunks == 3, "\(dataset)")
            #expect(processed.events == 30000, "\(dataset)")
        }
        #expect(whole.processed.values.allSatisfy { $0.chunks == 1 })
        #expect(nine.variables == whole.variables)
        #expect(nine.cutflowEvents == whole.cutflowEvents)
    }
}
