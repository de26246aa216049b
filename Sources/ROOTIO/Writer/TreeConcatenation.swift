// ROOTIO writer: hadd for NanoAOD-like files, with ROOTIO's own reader and writer — the event trees
// of several files written one after the other into one file (and their `Runs` trees likewise, when
// present). Inputs must have the same branches; entries are copied in batches, bit for bit.

/// Concatenates the trees of several ROOT files into one.
public struct TreeConcatenation: Sendable {
    /// The tree to concatenate.
    public var tree: String
    /// The compression of the result; `nil` takes the first input's.
    public var compression: ROOTCompression?
    /// Entries read and written at a time.
    public var batch: Int64 = 100_000
    /// Timeouts for remote inputs.
    public var sourceOptions = ByteSourceOptions()

    public init(tree: String = "Events", compression: ROOTCompression? = nil) {
        self.tree = tree
        self.compression = compression
    }

    /// Writes the `tree` of every input, in order, into a new file at `output`; returns its entries.
    ///
    /// - Throws: ``ROOTWriteError`` `.columnMismatch` naming the input whose branches differ from the
    ///   first's; read errors naming the input; ``ROOTWriteError`` when the output cannot be written.
    @discardableResult
    public func concatenate(_ inputs: [String], into output: String) throws -> Int64 {
        guard let first = inputs.first else {
            throw ROOTWriteError(.invalidDeclaration, "no input files to concatenate into \(output)")
        }
        let head = try ROOTFile(url: first, options: sourceOptions).tree(tree)
        let branches = head.writableBranches().branches
        let writer = try ROOTFileWriter(
            path: output, compression: compression ?? ROOTCompression(fCompress: head.file.compression))
        let events = try writer.makeTree(name: head.name, title: head.title, copying: branches)
        var runs: (writer: TreeWriter, branches: [Branch])?
        for input in inputs {
            let file = input == first ? head.file : try ROOTFile(url: input, options: sourceOptions)
            let source = input == first ? head : try file.tree(tree)
            try Self.check(source, matches: branches, input: input, first: first)
            var start: Int64 = 0
            while start < source.entries {
                let end = min(source.entries, start + batch)
                let columns = try source.read(branches.map(\.name), entries: start..<end)
                try events.append(branches.compactMap { columns[$0.name] })
                start = end
            }
            guard TTree.exists("Runs", in: file) else { continue }
            let runsTree = try file.tree("Runs")
            if runs == nil {
                let kept = runsTree.writableBranches().branches
                runs = (try writer.makeTree(name: runsTree.name, title: runsTree.title, copying: kept), kept)
            }
            guard let (runsWriter, kept) = runs else { continue }
            try Self.check(runsTree, matches: kept, input: input, first: first)
            let columns = try runsTree.read(kept.map(\.name))
            try runsWriter.append(kept.compactMap { columns[$0.name] })
        }
        try writer.close()
        return events.entries
    }

    /// Checks that `tree` has the writable branches of the first input, with the same types and shapes.
    private static func check(_ tree: TTree, matches branches: [Branch], input: String, first: String)
        throws(ROOTWriteError)
    {
        let mine = tree.writableBranches().branches
        let describe = { (branch: Branch) in "\(branch.name) (\(branch.typeDescription))" }
        guard mine.map(describe) != branches.map(describe) else { return }
        let theirs = Set(branches.map(describe))
        let ours = Set(mine.map(describe))
        let difference = ours.symmetricDifference(theirs).sorted().prefix(5).joined(separator: ", ")
        throw ROOTWriteError(
            .columnMismatch,
            "\(input): tree '\(tree.name)' has other branches than \(first) (differing: \(difference)); "
                + "concatenate only files of the same skim")
    }
}
