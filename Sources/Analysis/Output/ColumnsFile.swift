// Analysis layer: the saved columns on disk — `<output>.columns.root` beside an output file, one TTree
// per dataset and category (`<dataset>__<category>`): `weight` (the nominal event weight), a Double
// branch per per-event column, and for a list per event a counter `n_<name>` with a jagged Double
// branch, as NanoAOD lays out collections. uproot, ROOT and pandas read it; merging appends.

import Columnar
import Foundation
import ROOTIO

/// Writes and merges column files.
public enum ColumnsFile {
    /// `output_all.json` (or `.zip`) → `output_all.columns.root`.
    public static func path(besideOutput output: String) -> String {
        let stem = [".json", ".zip"].first(where: output.hasSuffix).map { String(output.dropLast($0.count)) }
        return (stem ?? output) + ".columns.root"
    }

    /// Writes `tables` to `path` (atomically), trees in dataset and category order.
    public static func write(_ tables: [ColumnTable.Key: ColumnTable], to path: String) throws {
        let writer = try ROOTFileWriter(path: path, compression: .zlib(1))
        for (key, table) in tables.sorted(by: { $0.key < $1.key }) {
            var branches = [BranchDescription(name: "weight", type: .float64)]
            var columns = [
                Column(
                    name: "weight", type: .float64, entries: table.weights.count, offsets: nil,
                    values: .float64(table.weights))
            ]
            for column in table.columns {
                guard let counts = column.counts else {
                    branches.append(BranchDescription(name: column.name, type: .float64))
                    columns.append(
                        Column(
                            name: column.name, type: .float64, entries: table.weights.count, offsets: nil,
                            values: .float64(column.values)))
                    continue
                }
                let counter = "n_" + column.name
                branches.append(BranchDescription(name: counter, type: .int32))
                branches.append(BranchDescription(name: column.name, type: .float64, counter: counter))
                let offsets = Offsets.from(counts: counts)
                columns.append(
                    Column(name: counter, type: .int32, entries: counts.count, offsets: nil, values: .int32(counts)))
                columns.append(
                    Column(
                        name: column.name, type: .float64, entries: counts.count, offsets: offsets,
                        values: .float64(column.values)))
            }
            let tree = try writer.makeTree(name: key.treeName, title: "columns", branches: branches)
            try tree.append(columns)
        }
        try writer.close()
    }

    /// Appends the trees of `inputs` (in order) into one new file at `output`; a tree missing from some
    /// inputs (a category without events in a job) takes the events of those that have it.
    ///
    /// - Throws: read errors naming the input; ``ROOTWriteError`` when a tree's branches differ between
    ///   inputs or the output cannot be written.
    public static func merge(_ inputs: [String], into output: String) throws {
        let files = try inputs.map { try ROOTFile(url: $0) }
        var names: [String] = []
        for file in files {
            for key in try file.keys(inDirectory: "").latestCycles
            where key.className == "TTree" && !names.contains(key.name) {
                names.append(key.name)
            }
        }
        let writer = try ROOTFileWriter(path: output, compression: .zlib(1))
        for name in names {
            var target: (writer: TreeWriter, branches: [Branch])?
            for (input, file) in zip(inputs, files) {
                guard let tree = try? file.tree(name) else { continue }
                let branches = tree.writableBranches().branches
                if target == nil {
                    target = (try writer.makeTree(name: name, title: tree.title, copying: branches), branches)
                }
                guard let (treeWriter, expected) = target else { continue }
                guard branches.map(\.name) == expected.map(\.name) else {
                    throw ROOTWriteError(
                        .columnMismatch, "\(input): tree '\(name)' has other columns than the first file that has it")
                }
                let columns = try tree.read(expected.map(\.name))
                try treeWriter.append(expected.compactMap { columns[$0.name] })
            }
        }
        try writer.close()
    }
}
