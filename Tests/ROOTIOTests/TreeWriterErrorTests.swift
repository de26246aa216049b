import ROOTIO
import TestSupport
import Testing

/// Arguments that do not describe a valid tree or batch: a typed error, nothing written, no crash.
@Suite struct TreeWriterErrorTests {
    static func tree(_ branches: [BranchDescription] = WrittenColumns.branches) throws -> (ROOTFileWriter, TreeWriter) {
        let file = try ROOTFileWriter(path: TestPaths.scratchFolder("writer") + "/bad.root")
        return (file, try file.makeTree(name: "Events", branches: branches))
    }

    /// The valid batch of 10 entries with column `name` replaced by `change(column)`.
    static func batch(changing name: String, _ change: (inout Column) -> Void) -> [Column] {
        WrittenColumns.batch(first: 0, entries: 10).map { column in
            var column = column
            if column.name == name { change(&column) }
            return column
        }
    }

    static let badBatches: [(String, ROOTWriteError.Code, [Column])] = [
        ("too few flat values", .malformedColumn, batch(changing: "flat_int32") { $0.values = .int32([1, 2]) }),
        (
            "entries differ", .malformedColumn,
            batch(changing: "flat_bool") {
                $0.entries = 9; $0.values = .bool(Array(repeating: true, count: 9))
            }
        ),
        ("offsets not monotonic", .malformedColumn, batch(changing: "Obj_float32") { $0.offsets?.swapAt(2, 3) }),
        ("offsets not from 0", .malformedColumn, batch(changing: "Obj_float32") { $0.offsets?[0] = 1 }),
        ("offsets short", .malformedColumn, batch(changing: "Obj_float32") { $0.offsets?.removeLast() }),
        ("offsets past the values", .malformedColumn, batch(changing: "Obj_float64") { $0.offsets?[10] += 1 }),
        (
            "counter disagrees", .malformedColumn,
            batch(changing: "nObj") { $0.values = .uint32(Array(repeating: 1, count: 10)) }
        ),
        ("flat column for a jagged branch", .malformedColumn, batch(changing: "Obj_int8") { $0.offsets = nil }),
        (
            "jagged column for a flat branch", .malformedColumn,
            batch(changing: "flat_int8") { $0.offsets = Array(0...10) }
        ),
        (
            "wrong type", .columnMismatch,
            batch(changing: "flat_float32") { $0.values = .float64(Array(repeating: 1, count: 10)) }
        ),
        ("missing column", .columnMismatch, Array(batch(changing: "") { _ in }.dropFirst())),
        (
            "unknown column", .columnMismatch,
            batch(changing: "") { _ in } + [
                Column(
                    name: "extra", type: .int8, entries: 10, offsets: nil, values: .int8(Array(repeating: 0, count: 10))
                )
            ]
        ),
        ("column twice", .columnMismatch, batch(changing: "") { _ in } + [batch(changing: "") { _ in }[0]]),
    ]

    @Test(arguments: badBatches.indices)
    func aBadBatchIsATypedErrorAndWritesNothing(index: Int) throws {
        let (label, code, columns) = Self.badBatches[index]
        let (file, tree) = try Self.tree()
        let error = #expect(throws: ROOTWriteError.self, "\(label)") { try tree.append(columns) }
        #expect(error?.code == code, "\(label): \(error?.description ?? "")")
        #expect(tree.entries == 0)
        try tree.append(WrittenColumns.batch(first: 0, entries: 10))
        try file.close()
        #expect(try ROOTFile(url: file.path).tree("Events").entries == 10)
    }

    static let badDeclarations: [(String, ROOTWriteError.Code, [BranchDescription])] = [
        ("string leaf", .unsupportedType, [BranchDescription(name: "s", type: .string)]),
        ("object leaf", .unsupportedType, [BranchDescription(name: "o", type: .object)]),
        ("packed float", .unsupportedType, [BranchDescription(name: "f", type: .float16)]),
        ("counter missing", .invalidDeclaration, [BranchDescription(name: "pt", type: .float32, counter: "n")]),
        (
            "counter declared later", .invalidDeclaration,
            [BranchDescription(name: "pt", type: .float32, counter: "n"), BranchDescription(name: "n", type: .int32)]
        ),
        (
            "float counter", .invalidDeclaration,
            [BranchDescription(name: "n", type: .float32), BranchDescription(name: "pt", type: .float32, counter: "n")]
        ),
        (
            "same name twice", .invalidDeclaration,
            [BranchDescription(name: "a", type: .int8), BranchDescription(name: "a", type: .int16)]
        ),
        ("empty name", .invalidDeclaration, [BranchDescription(name: "", type: .int8)]),
        ("zero length", .invalidDeclaration, [BranchDescription(name: "a", type: .int8, length: 0)]),
        (
            "jagged fixed array", .unsupportedType,
            [
                BranchDescription(name: "n", type: .int32),
                BranchDescription(name: "x", type: .float32, counter: "n", length: 3),
            ]
        ),
    ]

    @Test(arguments: badDeclarations.indices)
    func aBadDeclarationIsATypedError(index: Int) throws {
        let (label, code, branches) = Self.badDeclarations[index]
        let error = #expect(throws: ROOTWriteError.self, "\(label)") { try Self.tree(branches) }
        #expect(error?.code == code, "\(label): \(error?.description ?? "")")
    }

    @Test func badFileArguments() throws {
        let level = #expect(throws: ROOTWriteError.self) {
            try ROOTFileWriter(path: TestPaths.scratchFolder("writer") + "/x.root", compression: .zlib(12))
        }
        #expect(level?.code == .invalidDeclaration)
        let folder = #expect(throws: ROOTWriteError.self) { try ROOTFileWriter(path: "/nonexistent-folder/x.root") }
        #expect(folder?.code == .io)
        let (file, _) = try Self.tree()
        let twice = #expect(throws: ROOTWriteError.self) { try file.makeTree(name: "Events", branches: []) }
        #expect(twice?.code == .invalidDeclaration)
        let basket = #expect(throws: ROOTWriteError.self) {
            try file.makeTree(name: "Other", branches: [], basketSize: 0)
        }
        #expect(basket?.code == .invalidDeclaration)
    }
}
