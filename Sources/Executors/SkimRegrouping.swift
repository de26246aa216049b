// Executors layer: hadd-skimmed-files — regroups the many small files of a skimmed dataset definition
// into fewer, larger ones: groups of at most N files, N events or N bytes per dataset (in the
// definition's order), each concatenated with ROOTIO (TreeConcatenation) by a pool of workers, its entries checked
// after writing (and after the copy, for root:// folders), then the new dataset definition.

import Analysis
import Configuration
import Foundation
import ROOTIO
import Synchronization

/// One regrouped file: where it goes and the skimmed files it joins.
public struct SkimGroup: Sendable, Equatable {
    public var dataset: String
    /// `<outputdir>/<dataset>/<dataset>_<n>.root`.
    public var output: String
    public var inputs: [String]
    /// Events of the inputs together.
    public var events: Int
}

/// Regroups skimmed files.
public struct SkimRegrouping: Sendable {
    /// Groups hold at most 500 files unless told fewer (the reference's limit).
    public static let maximumFiles = 500

    /// The skimmed datasets to regroup.
    public var datasets: [Dataset]
    /// The folder (or root:// URL) of the regrouped files.
    public var outputFolder: String
    /// Files per group (at most ``maximumFiles``).
    public var filesPerGroup: Int?
    /// Events per group.
    public var eventsPerGroup: Int?
    /// Bytes per group: the inputs' file sizes add up to at most this (a single larger file is a group
    /// of its own).
    public var bytesPerGroup: Int64?
    /// The name of the event tree.
    public var tree = "Events"
    public var sourceOptions = ByteSourceOptions()

    public init(datasets: [Dataset], outputFolder: String, filesPerGroup: Int?, eventsPerGroup: Int?) {
        self.datasets = datasets
        self.outputFolder = outputFolder.hasSuffix("/") ? String(outputFolder.dropLast()) : outputFolder
        self.filesPerGroup = filesPerGroup
        self.eventsPerGroup = eventsPerGroup
    }

    /// The groups: each dataset's files in order, a new group started when one more file would pass the
    /// file, event or size limit. Events and sizes are read from the files' headers.
    ///
    /// - Throws: read errors naming the file.
    public func groups() throws -> [SkimGroup] {
        let limit = min(filesPerGroup ?? Self.maximumFiles, Self.maximumFiles)
        var groups: [SkimGroup] = []
        for dataset in datasets {
            var current = SkimGroup(dataset: dataset.name, output: "", inputs: [], events: 0)
            var bytes: Int64 = 0
            func close() {
                guard !current.inputs.isEmpty else { return }
                let number = groups.filter { $0.dataset == dataset.name }.count + 1
                current.output = "\(outputFolder)/\(dataset.name)/\(dataset.name)_\(number).root"
                groups.append(current)
                current = SkimGroup(dataset: dataset.name, output: "", inputs: [], events: 0)
                bytes = 0
            }
            for file in dataset.files {
                let input = try ROOTFile(url: file, options: sourceOptions)
                let events = Int(try input.tree(tree).entries)
                if current.inputs.count + 1 > limit || eventsPerGroup.map({ current.events + events > $0 }) == true
                    || bytesPerGroup.map({ bytes + input.size > $0 }) == true
                {
                    close()
                }
                current.inputs.append(file)
                current.events += events
                bytes += input.size
            }
            close()
        }
        return groups
    }

    /// What happened to one group.
    public enum Outcome: Sendable, Equatable {
        /// Written and checked.
        case written
        /// It existed (no overwrite) and has the expected events.
        case kept
        /// Something failed: why.
        case failed(String)
    }

    /// Writes every group with `workers` threads; each result in the order of `groups`.
    public func write(_ groups: [SkimGroup], workers: Int, overwrite: Bool) -> [Outcome] {
        let outcomes = Mutex([Outcome](repeating: .failed("not processed"), count: groups.count))
        let next = Atomic<Int>(0)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(workers, groups.count)) {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                while true {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < groups.count else { break }
                    let outcome: Outcome
                    do {
                        outcome = try write(groups[index], overwrite: overwrite)
                    } catch {
                        outcome = .failed("\(error)")
                    }
                    outcomes.withLock { $0[index] = outcome }
                }
            }
        }
        group.wait()
        return outcomes.withLock { $0 }
    }

    /// Checks that each group's output exists and holds its events; `nil` when it does, else why not.
    public func check(_ group: SkimGroup) -> String? {
        do {
            let entries = try ROOTFile(url: group.output, options: sourceOptions).tree(tree).entries
            return entries == Int64(group.events) ? nil : "expected \(group.events) entries, got \(entries)"
        } catch {
            return "\(error)"
        }
    }

    private func write(_ group: SkimGroup, overwrite: Bool) throws -> Outcome {
        let remote = group.output.hasPrefix("root://")
        if !overwrite, remote || FileManager.default.fileExists(atPath: group.output), check(group) == nil {
            return .kept
        }
        let folder =
            remote
            ? FileManager.default.temporaryDirectory.appendingPathComponent("pocket-coffea-hadd-\(UUID().uuidString)")
                .path
            : (group.output as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let local = remote ? folder + "/" + (group.output as NSString).lastPathComponent : group.output
        defer { if remote { try? FileManager.default.removeItem(atPath: folder) } }
        var concatenation = TreeConcatenation(tree: tree)
        concatenation.sourceOptions = sourceOptions
        let written = try concatenation.concatenate(group.inputs, into: local)
        let reread = try ROOTFile(url: local).tree(tree).entries
        guard written == Int64(group.events), reread == written else {
            throw SkimError(
                .inconsistentFiles,
                "\(group.output): wrote \(written) entries (\(reread) read back) but its inputs hold \(group.events)")
        }
        if remote {
            try XRootDCopy().copy(local, to: group.output)
            if let problem = check(group) {
                throw SkimError(.inconsistentFiles, "\(group.output) after xrdcp: \(problem)")
            }
        }
        return .written
    }

    /// The dataset definition of the regrouped files: each dataset's metadata with `nevents` = its events
    /// and `isSkim`, its files the groups' outputs.
    public func definition(_ groups: [SkimGroup]) -> ConfigValue {
        var object = OrderedObject()
        for dataset in datasets {
            let mine = groups.filter { $0.dataset == dataset.name }
            var metadata = dataset.metadata
            metadata["nevents"] = .string(String(mine.reduce(0) { $0 + $1.events }))
            metadata["isSkim"] = .string("True")
            object[dataset.name] = .object(
                OrderedObject([("files", .array(mine.map { .string($0.output) })), ("metadata", .object(metadata))]))
        }
        return .object(object)
    }

    /// hadd.json: per dataset, each output's inputs and events.
    public func plan(_ groups: [SkimGroup]) -> ConfigValue {
        var object = OrderedObject()
        for dataset in datasets {
            let mine = groups.filter { $0.dataset == dataset.name }
            object[dataset.name] = .object(
                OrderedObject([
                    (
                        "files",
                        .object(OrderedObject(mine.map { ($0.output, .array($0.inputs.map(ConfigValue.string))) }))
                    ),
                    ("nevents_per_outfile", .object(OrderedObject(mine.map { ($0.output, .int($0.events)) }))),
                ]))
        }
        return .object(object)
    }
}
