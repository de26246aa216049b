// Executors layer: merge-outputs — adds job outputs into one. With a jobs folder, every job's output
// must exist and read back as a sound output (not truncated, ours), otherwise the missing and broken
// jobs are listed and the merge stops unless told to skip them; `--mark-failed` turns their flags
// into `.failed` so check-jobs and --recreate-jobs pick them up. The check before the merge reads only
// each file's first line and last bytes (missing, cut short, not ours); the merge reads each file once,
// so a file broken inside is reported by the merge, with the same job and reason, instead of being read
// twice. Outputs are added one at a time, largest first, after being read and decoded a few ahead on
// all cores, so memory holds the merged output and two inputs per core; past a memory budget the merge
// so far is handed out as a partial merge and the merge goes on from empty.

import Analysis
import Columnar
import Configuration
import Foundation
import Jobs
import ROOTIO
import Synchronization

/// The jobs of a jobs folder and where their outputs should be.
public struct JobOutputs: Sendable {
    /// The jobs folder.
    public var folder: JobsFolder
    /// The run's output folder.
    public var outputDirectory: String
    /// Each job's index and output file, in job order.
    public var jobs: [(index: Int, file: String)]
    /// Whether the jobs split their output by category (`split_by_category`): job N then writes
    /// `output_<category>_job_N.json` in the output folder instead of its output_file.
    public var splitByCategory = false

    /// Reads `jobs_config.yaml`, given as the file, its jobs folder, or an output folder holding `job/`.
    ///
    /// - Throws: ``ConfigurationError`` when no jobs_config.yaml is there or it lacks the jobs list.
    public static func load(_ location: String) throws(ConfigurationError) -> JobOutputs {
        let path = AnalysisConfigurator.absolutePath(location)
        var isFolder: ObjCBool = false
        var config = path
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            config = path + "/" + JobsFolder.jobsConfigFileName
            if !FileManager.default.fileExists(atPath: config) {
                config = path + "/job/" + JobsFolder.jobsConfigFileName
            }
        }
        let document = try JSONReader.parse(contentsOf: config)
        guard let list = document["jobs_list"]?.objectValue, let output = document["output_dir"]?.coercedString else {
            throw ConfigurationError(
                .missingKey, file: config, location: "jobs_list", "not a jobs_config.yaml written by pocket-coffea run",
                fix: "pass the jobs folder that run wrote, e.g. -jc out/job")
        }
        var jobs: [(Int, String)] = []
        for (name, job) in list.entries {
            guard name.hasPrefix("job_"), let index = Int(name.dropFirst(4)),
                let file = job["output_file"]?.coercedString
            else {
                throw ConfigurationError(
                    .invalidValue, file: config, location: "jobs_list.\(name)", "a job without an output_file")
            }
            jobs.append((index, file))
        }
        let folder = JobsFolder(path: (config as NSString).deletingLastPathComponent)
        var outputs = JobOutputs(folder: folder, outputDirectory: output, jobs: jobs.sorted { $0.0 < $1.0 })
        outputs.splitByCategory = document["split_by_category"]?.coercedBool ?? false
        return outputs
    }

    /// The format of the jobs' outputs, from their file names.
    public var outputFormat: OutputFormat { OutputFormat(path: jobs.first?.file ?? "") }

    /// split-by-category: every category some job wrote an output for, with each job's file for it
    /// (whether it exists or not), categories in name order.
    public func outputsByCategory() -> [(category: String, jobs: [(index: Int, file: String)])] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: outputDirectory)) ?? []
        let indices = Set(jobs.map(\.index))
        var categories: Set<String> = []
        let suffix = "." + outputFormat.fileExtension
        for name in names where name.hasPrefix("output_") && name.hasSuffix(suffix) {
            let stem = name.dropFirst("output_".count).dropLast(suffix.count)
            guard let marker = stem.range(of: "_job_", options: .backwards),
                let index = Int(stem[marker.upperBound...]),
                indices.contains(index), marker.lowerBound > stem.startIndex
            else { continue }
            categories.insert(String(stem[..<marker.lowerBound]))
        }
        return categories.sorted().map { category in
            (category, jobs.map { ($0.index, "\(outputDirectory)/output_\(category)_job_\($0.index)\(suffix)") })
        }
    }
}

/// Why a job's output cannot be merged.
public struct UnusableOutput: Sendable {
    public var job: Int?
    public var file: String
    public var reason: String
}

/// Adds outputs into one.
public struct OutputMerge: Sendable {
    /// Outputs held decoded at once, ahead of the one being added (`-n`); nil: two per core.
    public var readAhead: Int?
    /// Bytes of bins the merged output may hold (``AnalysisOutput/binBytes``); past them ``merge(_:writingPartials:progress:)``
    /// writes it out as a partial merge and starts again (`-m`). Nil: no limit.
    public var budget: Int?

    public init(readAhead: Int? = nil, budget: Int? = nil) {
        self.readAhead = readAhead
        self.budget = budget
    }

    /// The outputs among `files` that are missing, cut short or not pocket-coffea outputs, and why: a
    /// cheap check of each file's ends (``AnalysisOutput/validate(file:)``), on all cores; the merge finds
    /// the rest.
    public func check(_ files: [(job: Int?, file: String)]) -> [UnusableOutput] {
        Self.concurrentMap(files) { job, file in
            guard FileManager.default.fileExists(atPath: file) else {
                return UnusableOutput(job: job, file: file, reason: "missing")
            }
            do {
                try AnalysisOutput.validate(file: file)
                return nil
            } catch {
                return UnusableOutput(job: job, file: file, reason: "\(error)")
            }
        }.compactMap { $0 }
    }

    /// Marks the jobs of `unusable` as failed: the `.failed` flag is created before the others go.
    public func markFailed(_ unusable: [UnusableOutput], in folder: JobsFolder) throws {
        for job in unusable.compactMap(\.job) {
            try AtomicFile.write("", to: folder.flagFile(job, .failed))
            for flag in JobsFolder.Flag.allCases where flag != .failed {
                try? FileManager.default.removeItem(atPath: folder.flagFile(job, flag))
            }
        }
    }

    /// The first file, with the datasets of each later file replacing its own (`--replace`), in order.
    ///
    /// - Returns: the result and the files that could not be read (left out of it), with why.
    /// - Throws: ``AnalysisOutputError`` naming the file when outputs do not fit together.
    public func replacing(_ files: [(job: Int?, file: String)], progress: (Int, String) -> Void = { _, _ in })
        throws -> (merged: AnalysisOutput, unusable: [UnusableOutput])
    {
        var merged = AnalysisOutput()
        var first: String?
        var unusable: [UnusableOutput] = []
        for (position, (job, file)) in files.enumerated() {
            do throws(AnalysisOutputError) {
                let output = try AnalysisOutput.read(from: file)
                if let first {
                    do throws(AnalysisOutputError) {
                        try merged.replaceDatasets(with: output)
                    } catch {
                        throw error.mismatch(file, with: first)
                    }
                } else {
                    merged = output
                    first = file
                }
            } catch {
                guard Self.isUnreadable(error) else { throw error }
                unusable.append(UnusableOutput(job: job, file: file, reason: "\(error)"))
            }
            progress(position + 1, file)
        }
        return (merged, unusable)
    }

    /// Adds `files` (largest first), reading each once, calling `progress` after each.
    ///
    /// When the sum passes ``budget`` it is handed to `writePartial` with its number (0, 1, …) and the
    /// merge goes on from an empty output; once any partial was written, the rest is written as the last
    /// one and the returned sum is empty.
    ///
    /// - Returns: the sum and the files that could not be read (left out of it), with why.
    /// - Throws: ``AnalysisOutputError`` naming the file when outputs do not fit together, or what
    ///   `writePartial` throws.
    public func merge(
        _ files: [(job: Int?, file: String)],
        writingPartials writePartial: (AnalysisOutput, Int) throws -> Void = {
            _, _ in
        }, progress: (Int, String) -> Void = { _, _ in }
    ) throws -> (merged: AnalysisOutput, unusable: [UnusableOutput]) {
        let sized = files.map { entry in
            (entry, (try? FileManager.default.attributesOfItem(atPath: entry.file)[.size] as? Int) ?? 0)
        }.sorted { $0.1 > $1.1 }
        var merged = AnalysisOutput()
        var first: String?
        var unusable: [UnusableOutput] = []
        // Files are read and decoded on every core, a few ahead of the one being added, so neither the
        // decoding nor the adding waits for the other. Every output allocates the same sizes again:
        // keeping freed memory saves the page faults.
        MemoryReuse.keepFreedBuffers()
        let cache = UHIZipDecodeCache()
        let reads = ReadAhead(sized.map(\.0.file), cache: cache, ahead: readAhead)
        defer { reads.stop() }
        var partials = 0
        for (position, ((job, file), _)) in sized.enumerated() {
            let read = reads.result(position)
            do throws(AnalysisOutputError) {
                let output = try read.get()
                do throws(AnalysisOutputError) {
                    try merged.merge(output)
                } catch {
                    throw error.mismatch(file, with: first ?? file)
                }
                if first == nil { first = file }
            } catch {
                guard Self.isUnreadable(error) else { throw error }
                unusable.append(UnusableOutput(job: job, file: file, reason: "\(error)"))
            }
            if let budget, merged.binBytes > budget {
                try writePartial(merged, partials)
                partials += 1
                (merged, first) = (AnalysisOutput(), nil)
            }
            progress(position + 1, file)
        }
        if partials > 0, first != nil {
            try writePartial(merged, partials)
            merged = AnalysisOutput()
        }
        return (merged, unusable)
    }

    /// `transform` of each element, computed on all cores, in order.
    static func concurrentMap<Element: Sendable, Mapped>(_ elements: [Element], _ transform: (Element) -> Mapped)
        -> [Mapped]
    {
        let results = UnsafeMutableBufferPointer<Mapped>.allocate(capacity: elements.count)
        defer { results.deallocate() }
        // Each iteration initializes its own element only.
        nonisolated(unsafe) let slots = results
        withoutActuallyEscaping(transform) { transform in
            nonisolated(unsafe) let transform = transform
            DispatchQueue.concurrentPerform(iterations: elements.count) { index in
                (slots.baseAddress! + index).initialize(to: transform(elements[index]))
            }
        }
        let mapped = Array(results)
        _ = results.deinitialize()
        return mapped
    }

    /// Whether a merge error is about one file (unreadable, cut short, not ours, broken) rather than about
    /// outputs that do not fit together.
    private static func isUnreadable(_ error: AnalysisOutputError) -> Bool {
        switch error.code {
        case .incompatible, .conflictingMetadata, .invalidUse: false
        default: true
        }
    }
}

extension AnalysisOutputError {
    /// The error of adding `file` to the outputs merged from `first` on, naming both files.
    fileprivate func mismatch(_ file: String, with first: String) -> AnalysisOutputError {
        guard file != first else { return inFile(file) }
        return AnalysisOutputError(
            code, file: file, "cannot be merged with \(first) and the outputs after it: \(message)")
    }
}

/// Files read and decoded in order by one worker thread per core, at most `ahead` of them (two per core)
/// held before they are added, for ``OutputMerge/merge(_:writingPartials:progress:)``.
private final class ReadAhead: @unchecked Sendable {
    private let files: [String]
    private let cache: UHIZipDecodeCache
    /// Each file's decoding: written by the worker that took the file before it signals the file's
    /// `ready`, then read and cleared by the consumer after waiting for it.
    private let reads: UnsafeMutableBufferPointer<Result<AnalysisOutput, AnalysisOutputError>?>
    private let ready: [DispatchSemaphore]
    /// Files that may be taken before the next is consumed.
    private let permits: DispatchSemaphore
    private let next = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    private let workers: Int
    /// The permits' initial value.
    private let ahead: Int
    /// Signalled by each worker as it ends, so that ``stop()`` returns only when none touches `reads`.
    private let ended = DispatchSemaphore(value: 0)

    /// - Parameter ahead: files held decoded at once; nil: two per core.
    init(_ files: [String], cache: UHIZipDecodeCache, ahead: Int?) {
        self.files = files
        self.cache = cache
        reads = .allocate(capacity: files.count)
        reads.initialize(repeating: nil)
        ready = files.map { _ in DispatchSemaphore(value: 0) }
        workers = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
        self.ahead = Swift.max(1, ahead ?? 2 * workers)
        permits = DispatchSemaphore(value: self.ahead)
        for _ in 0..<workers { Thread.detachNewThread { [self] in work() } }
    }

    deinit {
        _ = reads.deinitialize()
        reads.deallocate()
    }

    private func work() {
        defer { ended.signal() }
        while true {
            permits.wait()
            let index = next.add(1, ordering: .relaxed).oldValue
            guard index < files.count, !stopped.load(ordering: .relaxed) else {
                permits.signal()
                return
            }
            let file = files[index]
            reads[index] = Result { () throws(AnalysisOutputError) in try AnalysisOutput.read(from: file, cache: cache)
            }
            ready[index].signal()
        }
    }

    /// The decoding of file `index` (asked for once, in order), once read.
    func result(_ index: Int) -> Result<AnalysisOutput, AnalysisOutputError> {
        ready[index].wait()
        defer {
            reads[index] = nil
            permits.signal()
        }
        return reads[index]!
    }

    /// Stops the workers (after the file each is decoding) and waits for them to end.
    ///
    /// A merge that stops early leaves files taken but never consumed, each holding a permit; libdispatch
    /// ends the process when a semaphore is freed below its initial value, so every permit is given back.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        for _ in 0..<workers { permits.signal() }
        for _ in 0..<workers { ended.wait() }
        for _ in 0..<ahead { permits.signal() }
    }
}
