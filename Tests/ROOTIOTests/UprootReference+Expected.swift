import Foundation
import ROOTIO
import Testing

extension UprootReference {
    /// Compares uproot's reading of every branch with the columns written (`trees[tree][branch]`);
    /// returns the number of branches compared.
    func expect(_ expected: [String: [String: Column]]) throws -> Int {
        var compared = 0
        for (tree, columns) in expected.sorted(by: { $0.key < $1.key }) {
            let dump = try #require(trees[tree], "uproot found no tree \(tree)")
            #expect(dump.branches.map(\.name).sorted() == columns.keys.sorted(), "\(tree) branches")
            for branch in dump.branches {
                let column = try #require(columns[branch.name], "\(tree).\(branch.name) not written")
                #expect(dump.entries == Int64(column.entries), "\(tree) entries")
                #expect(branch.dtype == column.type.rawValue, "\(tree).\(branch.name) type")
                #expect(
                    try bytes(try #require(branch.file)) == column.values.littleEndianBytes, "\(tree).\(branch.name)")
                #expect(branch.jagged == column.isJagged, "\(tree).\(branch.name) jaggedness")
                if let offsets = branch.offsets {
                    let written = (column.offsets ?? []).flatMap {
                        withUnsafeBytes(of: Int64($0).littleEndian, Array.init)
                    }
                    #expect(try bytes(offsets) == written, "\(tree).\(branch.name) offsets")
                }
                compared += 1
            }
        }
        return compared
    }
}
