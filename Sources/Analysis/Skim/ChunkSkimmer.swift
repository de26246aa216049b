// Analysis layer: skim mode (`save_skimmed_files`) for one chunk — the skim cuts on the raw branches,
// the cutflow's `initial` and `skim` steps and the sums of generator weights, then the passing events
// written with the kept branches, bit for bit, to one ROOT file per chunk (the chunk that starts the
// input file also carries its `Runs` tree), copied to a root:// destination with xrdcp. As in
// PocketCoffea, nothing after the skim (objects, preselection, histograms) runs in skim mode.

import Columnar
import Foundation
import ROOTIO

/// A file written for one chunk and the events in it.
public struct SkimmedChunk: Sendable, Equatable {
    /// Where the file is: a path or a root:// URL.
    public var file: String
    /// The events in it.
    public var events: Int
}

/// Skims chunks of one dataset into files.
public struct ChunkSkimmer: Sendable {
    public let processor: ChunkProcessor
    public let settings: SkimSettings
    /// Copies files to a root:// destination.
    public var copier = XRootDCopy()

    public init(processor: ChunkProcessor, settings: SkimSettings) {
        self.processor = processor
        self.settings = settings
    }

    /// The branches of `tree` written to the skim: every writable one, or those matching the settings'
    /// names and patterns plus the counters of jagged ones, in file order.
    ///
    /// - Throws: ``SkimError`` `.branches` for a name or pattern that matches no writable branch.
    public func keptBranches(of tree: TTree) throws(SkimError) -> [Branch] {
        let (writable, unwritable) = tree.writableBranches()
        guard let patterns = settings.branches else { return writable }
        var chosen = Set<String>()
        for pattern in patterns {
            let matches = writable.filter { fnmatch(pattern, $0.name, 0) == 0 }.map(\.name)
            guard !matches.isEmpty else {
                let reason =
                    unwritable.contains(where: { fnmatch(pattern, $0, 0) == 0 })
                    ? "matches only branches the writer cannot write (strings or objects)" : "matches no branch"
                throw SkimError(
                    .branches, "save_skimmed_files.branches: '\(pattern)' \(reason) of tree '\(tree.name)'")
            }
            chosen.formUnion(matches)
        }
        for branch in writable where chosen.contains(branch.name) {
            if let counter = branch.counter { chosen.insert(counter) }
        }
        return writable.filter { chosen.contains($0.name) }
    }

    /// Skims entries `entries` of `tree` (input `url`): records the cutflow and generator weights in
    /// `sink` and writes the passing events.
    ///
    /// - Throws: read and evaluation errors, ``ROOTWriteError`` when the file cannot be written,
    ///   ``SkimError`` for unknown branches or a failed copy.
    public func skim<Sink: ResultSink>(
        _ tree: TTree, url: String, entries: Range<Int64>, into sink: inout Sink
    ) throws -> SkimmedChunk {
        let dataset = processor.dataset
        let kept = try keptBranches(of: tree)
        let names = Set(kept.map(\.name)).union(processor.branches)
        let columns = try tree.read(names.sorted(), entries: entries)
        let count = entries.count
        let evaluation = Evaluation(frame: EventFrame(columns: columns, entries: count))
        let mask = Masks.intersection(
            try processor.plan.skim.map { try evaluation.evaluate($0.compiled).eventBooleans(count: count) },
            count: count)
        let passing = Masks.truePositions(mask)
        if dataset.isMC {
            let generator = try evaluation.frame.numbers("genWeight")
            try sink.addGeneratorWeights(
                dataset: dataset.name, sum: generator.reduce(0, +),
                signSum: generator.reduce(0) { $0 + ($1 > 0 ? 1 : $1 < 0 ? -1 : 0) })
            try sink.addCutflow(dataset: dataset.name, step: "initial", weights: .values(generator))
            try sink.addCutflow(
                dataset: dataset.name, step: "skim", weights: .values(passing.map { generator[Int($0)] }))
        } else {
            try sink.addCutflow(dataset: dataset.name, step: "initial", weights: .unit(count: count))
            try sink.addCutflow(dataset: dataset.name, step: "skim", weights: .unit(count: passing.count))
        }

        let name = Self.fileName(dataset: dataset.name, input: url, entries: entries)
        let folder =
            settings.isRemote
            ? FileManager.default.temporaryDirectory.appendingPathComponent("pocket-coffea-skim-\(UUID().uuidString)")
                .path
            : settings.destination + "/" + dataset.name
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if settings.isRemote { try? FileManager.default.removeItem(atPath: folder) } }
        let local = folder + "/" + name
        let writer = try ROOTFileWriter(
            path: local, compression: settings.compression ?? ROOTCompression(fCompress: tree.file.compression))
        let events = try writer.makeTree(name: tree.name, title: tree.title, copying: kept)
        try events.append(kept.compactMap { columns[$0.name]?.selecting(entries: passing) })
        if entries.lowerBound == 0, TTree.exists("Runs", in: tree.file) {
            try writer.copyWhole(try tree.file.tree("Runs"))
        }
        try writer.close()
        guard settings.isRemote else { return SkimmedChunk(file: local, events: passing.count) }
        let remote = settings.destination + "/" + dataset.name + "/" + name
        try copier.copy(local, to: remote)
        return SkimmedChunk(file: remote, events: passing.count)
    }

    /// `<dataset>__<input stem>_<hash of the input URL>__<first entry>__<end entry>.root`: unique per chunk
    /// (the hash tells apart inputs with the same name in different folders).
    static func fileName(dataset: String, input url: String, entries: Range<Int64>) -> String {
        let stem = ((url as NSString).lastPathComponent as NSString).deletingPathExtension
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in url.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let tag = String(String(hash, radix: 16).suffix(8))
        let safe = { (text: String) in
            String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._+-".contains($0)) ? $0 : "_" })
        }
        return "\(safe(dataset))__\(safe(stem))_\(tag)__\(entries.lowerBound)__\(entries.upperBound).root"
    }
}
