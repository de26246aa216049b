// ROOTIO writer: copying a tree read by ROOTIO into a new file — which of its branches the writer can
// write, and the copy of a whole small tree (NanoAOD's `Runs`) in one batch.

extension TTree {
    /// The branches ``BranchDescription/init(copying:)`` accepts, in file order, and the names of the others.
    public func writableBranches() -> (branches: [Branch], unwritable: [String]) {
        var branches: [Branch] = []
        var unwritable: [String] = []
        for branch in self.branches {
            if (try? BranchDescription(copying: branch)) != nil {
                branches.append(branch)
            } else {
                unwritable.append(branch.name)
            }
        }
        return (branches, unwritable)
    }

    /// Whether `file` holds a TTree called `name` in its root directory.
    public static func exists(_ name: String, in file: ROOTFile) -> Bool {
        file.keys.contains { $0.name == name && $0.className == "TTree" }
    }
}

extension ROOTFileWriter {
    /// Writes every entry of every writable branch of `tree` into a new tree of the same name and title.
    ///
    /// - Throws: ``ROOTFormatError`` or ``ByteSourceError`` when the tree cannot be read,
    ///   ``ROOTWriteError`` when it cannot be written.
    public func copyWhole(_ tree: TTree) throws {
        let branches = tree.writableBranches().branches
        let copy = try makeTree(name: tree.name, title: tree.title, copying: branches)
        let columns = try tree.read(branches.map(\.name))
        try copy.append(branches.compactMap { columns[$0.name] })
    }
}
