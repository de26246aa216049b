// Executors layer: runs an analysis here — on one core (`iterative`) or several (`futures`) — over the
// datasets of a resolved configurator: compiles the plan against each dataset's first file (so every
// mistake is reported before events are read), splits files into chunks of `chunksize` entries, reads
// only the branches the plan uses, processes the chunks and merges their results. `skip-bad-files`
// turns an unreadable file into a named, counted skip; otherwise the run stops with the file's URL.
// With `save_skimmed_files` each chunk is skimmed into a file instead (ChunkSkimmer), and the files
// are recorded per dataset in chunk order.

import Analysis
import Columnar
import Configuration
import Foundation
import ROOTIO
import Synchronization

/// A result container that chunks fill and that can be merged (the analysis output).
public protocol MergeableResult: ResultSink, Sendable {
    init()
    /// Adds `other` into this one.
    mutating func merge(_ other: Self) throws
    /// Records a file that was skipped.
    mutating func recordSkipped(_ skipped: SkippedFile) throws
    /// Records processed events and chunks for the metadata.
    mutating func recordProcessed(dataset: DatasetInfo, events: Int64, chunks: Int) throws
    /// Records the files a skim wrote for `dataset`, in chunk order (skim mode only).
    mutating func recordSkim(of dataset: Dataset, files: [SkimmedChunk]) throws
}

/// Progress of a run, for a progress bar.
public struct RunProgress: Sendable {
    public var chunksDone: Int
    public var chunksTotal: Int
    public var eventsDone: Int64
    public var elapsed: Double
}

/// A local run of an analysis.
public struct LocalRun: Sendable {
    public var configurator: AnalysisConfigurator
    public var options: RunOptions
    /// Worker threads: 1 for iterative.
    public var workers: Int
    /// Timeouts for remote files.
    public var sourceOptions = ByteSourceOptions()

    public init(configurator: AnalysisConfigurator, options: RunOptions, workers: Int) {
        self.configurator = configurator
        self.options = options
        self.workers = max(1, workers)
    }

    /// Compiles the plan of every dataset; the first mistake stops the run before any event is read.
    public func compilePlans() throws -> [ChunkProcessor] {
        try compile().processors
    }

    /// ``compilePlans()``, with the shared basket boundaries of the files it opened (each dataset's
    /// first; the last boundary is the file's entries) and the trees of the first `keep` of them; the
    /// others are closed as soon as their plan is compiled, so a run over hundreds of datasets holds no
    /// more files open than it has workers.
    private func compile(keeping keep: Int = 0) throws -> (
        processors: [ChunkProcessor], boundaries: [String: [Int64]], opened: [String: TTree]
    ) {
        var processors: [ChunkProcessor] = []
        var boundaries: [String: [Int64]] = [:]
        var opened: [String: TTree] = [:]
        for dataset in configurator.datasets.datasets {
            guard let first = dataset.files.first else {
                throw ConfigurationError(
                    .emptySelection, location: dataset.name, "dataset '\(dataset.name)' has no files")
            }
            let tree = try ROOTFile(url: first, options: sourceOptions).tree(configurator.tree)
            let plan = try AnalysisPlan.compile(configurator, schema: BranchSchema(branches: tree.branches))
            let processor = ChunkProcessor(plan: plan, dataset: DatasetInfo(dataset))
            processors.append(processor)
            boundaries[first] = tree.sharedBasketBoundaries(processor.branches)
            if opened.count < keep { opened[first] = tree }
        }
        return (processors, boundaries, opened)
    }

    /// The chunks of every file (``Chunking``, at the basket boundaries shared by the branches its
    /// dataset reads); unreadable files are skipped (with `skip-bad-files`) or fatal.
    ///
    /// `boundaries` (file → shared basket boundaries) holds those of the files compiling opened, which
    /// are not opened again, and gets those of every other file; a file that begins two datasets has the
    /// boundaries of the last one's branches, which changes only where its chunks are cut.
    func workItems(
        _ processors: [ChunkProcessor], skipped: inout [SkippedFile], boundaries known: inout [String: [Int64]]
    ) throws -> [WorkItem] {
        var items: [WorkItem] = []
        let limit = options.limitChunks
        for (index, dataset) in configurator.datasets.datasets.enumerated() {
            let chunksize = Int64(max(1, options.chunksize?.value(for: dataset.sample) ?? 150_000))
            var chunks = 0
            for file in dataset.files {
                if let limit, chunks >= limit { break }
                let boundaries: [Int64]
                do {
                    boundaries =
                        try known[file]
                        ?? ROOTFile(url: file, options: sourceOptions).tree(configurator.tree)
                        .sharedBasketBoundaries(processors[index].branches)
                    known[file] = boundaries
                } catch {
                    guard options.skipBadFiles else { throw error }
                    skipped.append(SkippedFile(dataset: dataset.name, file: file, reason: "\(error)"))
                    continue
                }
                let entries = boundaries.last ?? 0
                for range in Chunking.chunks(entries: entries, chunksize: chunksize, boundaries: boundaries) {
                    if let limit, chunks >= limit { break }
                    items.append(WorkItem(dataset: index, file: file, entries: range))
                    chunks += 1
                }
            }
        }
        return items
    }

    /// Runs every chunk and returns the merged result.
    public func run<Result: MergeableResult>(
        as _: Result.Type, progress: (@Sendable (RunProgress) -> Void)? = nil
    ) throws -> Result {
        MemoryReuse.keepFreedBuffers()
        var compiled = try compile(keeping: workers)
        let processors = compiled.processors
        let skimmers = try SkimSettings(configurator).map { settings in
            processors.map { ChunkSkimmer(processor: $0, settings: settings) }
        }
        let skims = Mutex<[Int: SkimmedChunk]>([:])
        var skipped: [SkippedFile] = []
        var boundaries = compiled.boundaries
        let items = try workItems(processors, skipped: &skipped, boundaries: &boundaries)
        let shared = boundaries
        // The first worker to need a file compiling kept open takes its tree instead of opening it again.
        let handOver = TreeHandOver(compiled.opened)
        compiled.opened = [:]
        let state = Mutex(RunState(total: items.count))
        let start = Date()
        let next = Atomic<Int>(0)
        let failure = Mutex<(any Error)?>(nil)
        let results = Mutex<[Result]>([])
        // Chunks skipped by skip-bad-files: left out of the processed counts, as their events are left out of
        // the output.
        let skippedChunks = Mutex<Set<Int>>([])
        let threads = min(workers, max(1, items.count))
        let group = DispatchGroup()
        for _ in 0..<threads {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                var result = Result()
                var files: [String: TTree] = [:]
                while failure.withLock({ $0 == nil }) {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < items.count else { break }
                    let item = items[index]
                    let processor = processors[item.dataset]
                    do {
                        let tree = try Self.open(
                            item.file, cache: &files, handOver: handOver, treeName: configurator.tree, sourceOptions)
                        if let skimmer = skimmers?[item.dataset] {
                            let chunk = try skimmer.skim(tree, url: item.file, entries: item.entries, into: &result)
                            skims.withLock { $0[index] = chunk }
                        } else {
                            for range in pieces(item, of: tree, size: processor.blockSize, shared[item.file] ?? []) {
                                let columns = try tree.read(processor.branches, entries: range)
                                try processor.process(columns, entries: range.count, into: &result)
                            }
                        }
                    } catch {
                        guard options.skipBadFiles, Self.isFileProblem(error) else {
                            failure.withLock {
                                $0 = $0 ?? RunError(item: item, dataset: processor.dataset.name, underlying: error)
                            }
                            break
                        }
                        skippedChunks.withLock { _ = $0.insert(index) }
                        do {
                            try result.recordSkipped(
                                SkippedFile(
                                    dataset: processor.dataset.name, file: item.file,
                                    reason: "entries \(item.entries.lowerBound)..<\(item.entries.upperBound): \(error)")
                            )
                        } catch {
                            failure.withLock { $0 = $0 ?? error }
                        }
                    }
                    let snapshot = state.withLock { state -> RunProgress in
                        state.done += 1
                        state.events += Int64(item.entries.count)
                        return RunProgress(
                            chunksDone: state.done, chunksTotal: state.total, eventsDone: state.events,
                            elapsed: Date().timeIntervalSince(start))
                    }
                    progress?(snapshot)
                }
                results.withLock { $0.append(result) }
            }
        }
        group.wait()
        if let error = failure.withLock({ $0 }) { throw error }
        var merged = Result()
        for part in results.withLock({ $0 }) { try merged.merge(part) }
        for file in skipped { try merged.recordSkipped(file) }
        let skippedItems = skippedChunks.withLock { $0 }
        for (index, processor) in processors.enumerated() {
            let mine = items.indices.filter { items[$0].dataset == index && !skippedItems.contains($0) }.map {
                items[$0]
            }
            try merged.recordProcessed(
                dataset: processor.dataset, events: mine.reduce(0) { $0 + Int64($1.entries.count) }, chunks: mine.count)
        }
        if skimmers != nil {
            let chunks = skims.withLock { $0 }
            for (index, dataset) in configurator.datasets.datasets.enumerated() {
                let files = items.indices.filter { items[$0].dataset == index }.compactMap { chunks[$0] }
                try merged.recordSkim(of: dataset, files: files)
            }
        }
        return merged
    }

    /// The tree of `file`, from `cache` when it holds that file (the one file a worker keeps open), else
    /// the tree compiling opened, else opened now.
    private static func open(
        _ file: String, cache: inout [String: TTree], handOver: TreeHandOver, treeName: String,
        _ options: ByteSourceOptions
    ) throws -> TTree {
        if let open = cache[file] { return open }
        let tree = try handOver.take(file) ?? ROOTFile(url: file, options: options).tree(treeName)
        cache = [file: tree]
        return tree
    }

    /// The ranges a chunk is read in: from a local file, pieces of about a block of events cut at the
    /// baskets its branches share, so a chunk's columns are never all in memory at once; from a remote
    /// one, the whole chunk, in one vectored request. With skip-bad-files the whole chunk too, read before
    /// any of it is filled, so a bad basket halfway through leaves the chunk out whole, as coffea does.
    private func pieces(_ item: WorkItem, of tree: TTree, size: Int, _ boundaries: [Int64]) -> [Range<Int64>] {
        tree.file.source.isRemote || options.skipBadFiles
            ? [item.entries] : Chunking.pieces(of: item.entries, size: Int64(size), boundaries: boundaries)
    }

    private static func isFileProblem(_ error: any Error) -> Bool {
        error is ByteSourceError || error is ROOTFormatError
    }
}

/// The trees compiling opened, each given to the first worker that asks for its file.
///
/// A tree is not safe to read from two threads at once; it is only passed on: the compiling thread stops
/// using the trees before the workers start, and each tree goes to exactly one worker, under the lock.
final class TreeHandOver: @unchecked Sendable {
    private let trees: Mutex<[String: TTree]>

    init(_ trees: [String: TTree]) {
        nonisolated(unsafe) let trees = trees
        self.trees = Mutex(trees)
    }

    /// The tree of `file`, once; nil afterwards and for files compiling did not open.
    func take(_ file: String) -> TTree? {
        trees.withLock { trees in
            nonisolated(unsafe) let tree = trees.removeValue(forKey: file)
            return tree
        }
    }
}

/// Counters shared by the workers.
struct RunState {
    var total: Int
    var done = 0
    var events: Int64 = 0
}

/// A chunk that failed, with the file and entries, so the user knows what to look at.
public struct RunError: Error, CustomStringConvertible {
    public var item: WorkItem
    public var dataset: String
    public var underlying: any Error

    public var description: String {
        "dataset \(dataset), file \(item.file), entries \(item.entries.lowerBound)..<\(item.entries.upperBound): \(underlying)"
            + " (set skip-bad-files: true to skip unreadable files)"
    }
}
