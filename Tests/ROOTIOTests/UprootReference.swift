import Foundation
import ROOTIO
import TestSupport
import Testing

/// What uproot (the reference reader) reads from a file: scripts/uproot-dump.py's output.
struct UprootReference {
    struct BranchDump: Decodable {
        var name: String
        var jagged: Bool
        var dtype: String?
        var file: String?
        var offsets: String?
        var strings: [String]?
        var skipped: String?
    }

    struct TreeDump: Decodable {
        var entries: Int64
        var branches: [BranchDump]
    }

    static let python = TestPaths.python(importing: "uproot")
    static var available: Bool { python != nil }

    let folder: String
    let trees: [String: TreeDump]

    /// Runs the dump script on `file`.
    init(file: String, trees names: [String] = []) throws {
        folder = TestPaths.scratchFolder("uproot")
        let python = try #require(Self.python)
        let result = try CommandResult.run(
            python, [TestPaths.repositoryFile("scripts/uproot-dump.py"), file, folder] + names)
        try #require(result.status == 0, "uproot-dump failed: \(result.stderr)")
        let index = try Data(contentsOf: URL(fileURLWithPath: folder + "/index.json"))
        trees = try JSONDecoder().decode([String: TreeDump].self, from: index)
    }

    func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
    }

    /// Compares every branch of every tree with ROOTIO's reading; returns (branches compared, skipped).
    func compare(with file: ROOTFile) throws -> (compared: Int, skipped: Int) {
        var compared = 0
        var skipped = 0
        for (name, dump) in trees.sorted(by: { $0.key < $1.key }) {
            let tree = try file.tree(name)
            #expect(tree.entries == dump.entries, "\(name) entries")
            let readable = dump.branches.filter { $0.skipped == nil }
            skipped += dump.branches.count - readable.count
            for branch in dump.branches where branch.skipped != nil {
                #expect(throws: ROOTFormatError.self, "\(name).\(branch.name) (\(branch.skipped!))") {
                    try tree.read([branch.name])
                }
            }
            let columns = try tree.read(readable.map(\.name))
            for branch in readable {
                let column = try #require(columns[branch.name], "\(name).\(branch.name) missing")
                if let strings = branch.strings {
                    #expect(column.values == .string(strings), "\(name).\(branch.name)")
                } else {
                    #expect(column.type.rawValue == branch.dtype, "\(name).\(branch.name) type")
                    let expected = try bytes(try #require(branch.file))
                    let actual = column.values.littleEndianBytes
                    #expect(
                        actual == expected,
                        "\(name).\(branch.name) values differ (\(actual.count) vs \(expected.count) bytes)")
                    if let offsets = branch.offsets {
                        let expectedOffsets = try bytes(offsets)
                        let actualOffsets = (column.offsets ?? []).flatMap {
                            withUnsafeBytes(of: Int64($0).littleEndian, Array.init)
                        }
                        #expect(actualOffsets == expectedOffsets, "\(name).\(branch.name) offsets differ")
                    } else {
                        #expect(!column.isJagged, "\(name).\(branch.name) should be flat")
                    }
                }
                compared += 1
            }
        }
        return (compared, skipped)
    }
}

extension ColumnValues {
    /// The values as little-endian bytes, as numpy's `tobytes()` writes them.
    var littleEndianBytes: [UInt8] {
        func bytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
            values.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) }
        }
        switch self {
        case .bool(let values): return values.map { $0 ? 1 : 0 }
        case .int8(let values): return bytes(values)
        case .uint8(let values): return values
        case .int16(let values): return bytes(values)
        case .uint16(let values): return bytes(values)
        case .int32(let values): return bytes(values)
        case .uint32(let values): return bytes(values)
        case .int64(let values): return bytes(values)
        case .uint64(let values): return bytes(values)
        case .float32(let values): return bytes(values.map(\.bitPattern))
        case .float64(let values): return bytes(values.map(\.bitPattern))
        case .string: return []
        }
    }
}
