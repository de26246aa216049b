// Analysis tests: a chunk is processed a block of events at a time. The local example's analysis
// (cleaned objects, categories, weights with a variation, saved columns) run on one chunk in blocks of
// uneven sizes fills every histogram with the same values and weights, in the same order, and saves
// the same columns as the chunk in one block; its cutflow and generator-weight sums (a skim's shares of
// the original sums too) equal the one-block sums to rounding.

import Configuration
import Executors
import ROOTIO
import TestSupport
import Testing

@testable import Analysis

@Suite(
    .enabled(
        if: TestPaths.python(importing: "awkward") != nil, "needs .venv with uproot and awkward (make test creates it)")
)
struct BlockProcessingTests {
    @Test(.timeLimit(.minutes(2)))
    func blocksOfAChunkAddUpToTheChunk() throws {
        let folder = TestPaths.scratchFolder("blocks")
        try ExampleFileset.write(
            in: folder, events: 5000, seeds: (41, 42), extra: "\ncolumns:\n  inclusive: [mll, MuonGood.pt]\n")
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
            func run<Sink: MergeableResult>(_: Sink.Type, blockSize: Int, as info: DatasetInfo? = nil) throws -> Sink {
                var sink = Sink()
                try ChunkProcessor(plan: processor.plan, dataset: info ?? processor.dataset, blockSize: blockSize)
                    .process(columns, entries: entries, into: &sink)
                return sink
            }
            let whole = try run(RecordingSink.self, blockSize: entries)
            let wholeOutput = try run(AnalysisOutput.self, blockSize: entries)
            #expect(whole.fills.values.allSatisfy { $0.count == 1 }, "one fill per histogram for one block")
            #expect(!wholeOutput.columnTables.isEmpty)
            var skim = processor.dataset
            skim.skimOrigin = .init(sumGenweights: 1234.5, sumSignOfGenweights: 987, keptEvents: Double(entries))
            let wholeSkim = try run(RecordingSink.self, blockSize: entries, as: skim)
            for blockSize in [1000, 777] {
                let blocks = try run(RecordingSink.self, blockSize: blockSize)
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
                let output = try run(AnalysisOutput.self, blockSize: blockSize)
                #expect(output.variables == wholeOutput.variables, "\(name): histograms")
                #expect(output.columnTables == wholeOutput.columnTables, "\(name): saved columns")
                #expect(output.cutflowEvents == wholeOutput.cutflowEvents, "\(name): cutflow events")
                let skimBlocks = try run(RecordingSink.self, blockSize: blockSize, as: skim)
                #expect(
                    Self.close(["sums": skimBlocks.generatorWeights], ["sums": wholeSkim.generatorWeights]),
                    "\(name): a skim's shares of the original sums")
            }
            #expect(whole.cutflow[dataset.name]?["initial"]?.first == Double(entries))
            #expect(wholeSkim.generatorWeights[dataset.name] == [1234.5, 987], "the whole skim: the original sums")
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
