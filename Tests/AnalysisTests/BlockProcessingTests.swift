// Analysis tests: a chunk is processed a block of events at a time. The local example's analysis
// (cleaned objects, categories, weights with a variation) run on one chunk in blocks of uneven sizes
// fills every histogram with the same values and weights, in the same order, as the chunk in one block,
// and its cutflow and generator-weight sums equal the one-block sums to rounding.

import Analysis
import Configuration
import Executors
import ROOTIO
import TestSupport
import Testing

@Suite(
    .enabled(
        if: TestPaths.python(importing: "awkward") != nil, "needs .venv with uproot and awkward (make test creates it)")
)
struct BlockProcessingTests {
    @Test(.timeLimit(.minutes(2)))
    func blocksOfAChunkAddUpToTheChunk() throws {
        let folder = TestPaths.scratchFolder("blocks")
        try ExampleFileset.write(in: folder, events: 5000, seeds: (41, 42))
        let configurator = try AnalysisConfigurator.load(path: folder + "/analysis.yaml")
            .resolvingDatasets(extraFilter: DatasetFilter(), limitFiles: nil)
        let (options, _) = try RunOptionsResolver().resolve(
            executor: ExecutorSpec(name: "iterative"), commandLine: OrderedObject([]))
        let processors = try LocalRun(configurator: configurator, options: options, workers: 1).compilePlans()
        try #require(processors.count == 2, "an MC and a data dataset")
        for (processor, dataset) in zip(processors, configurator.datasets.datasets) {
            let tree = try ROOTFile(url: dataset.files[0]).tree(configurator.tree)
            let columns = try tree.read(processor.branches)
            let entries = Int(tree.entries)
            func run(blockSize: Int) throws -> RecordingSink {
                var sink = RecordingSink()
                try ChunkProcessor(plan: processor.plan, dataset: processor.dataset, blockSize: blockSize)
                    .process(columns, entries: entries, into: &sink)
                return sink
            }
            let whole = try run(blockSize: entries)
            #expect(whole.fills.values.allSatisfy { $0.count == 1 }, "one fill per histogram for one block")
            for blockSize in [1000, 777] {
                let blocks = try run(blockSize: blockSize)
                let name = "\(dataset.name), blocks of \(blockSize)"
                #expect(blocks.fills.keys.sorted() == whole.fills.keys.sorted(), "\(name)")
                for (key, fills) in whole.fills {
                    let parts = blocks.fills[key] ?? []
                    #expect(parts.count == (entries + blockSize - 1) / blockSize, "\(name): \(key) fills per block")
                    #expect(parts.flatMap(\.0) == fills.flatMap(\.0), "\(name): \(key) values")
                    #expect(parts.flatMap(\.1) == fills.flatMap(\.1), "\(name): \(key) weights")
                }
                #expect(Self.close(blocks.cutflow, whole.cutflow), "\(name): cutflow")
                #expect(
                    Self.close(["sums": blocks.generatorWeights], ["sums": whole.generatorWeights]),
                    "\(name): generator weights")
            }
            #expect(whole.cutflow[dataset.name]?["initial"]?.first == Double(entries))
        }
    }

    /// The same keys, and each number equal to 1e-12 relative (sums over blocks add in another order).
    static func close(_ a: [String: [String: [Double]]], _ b: [String: [String: [Double]]]) -> Bool {
        guard a.keys.sorted() == b.keys.sorted() else { return false }
        for (outer, rows) in a {
            guard let other = b[outer], rows.keys.sorted() == other.keys.sorted() else { return false }
            for (key, row) in rows {
                guard let expected = other[key], row.count == expected.count else { return false }
                for (x, y) in zip(row, expected) where abs(x - y) > 1e-12 * max(abs(x), abs(y)) { return false }
            }
        }
        return true
    }
}
