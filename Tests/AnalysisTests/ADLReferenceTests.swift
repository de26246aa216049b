import Foundation
import TestSupport
import Testing

/// The dimuon analysis and the eight IRIS-HEP ADL queries (share/examples/adl), run by `pocket-coffea run`
/// and by the same analyses written with uproot + awkward + hist (scripts/bench/awkward_queries.py through
/// scripts/reference/adl_reference.py) on the same files: every histogram bin, flow bins included, values
/// and variances, equal within 1e-9 relative. The files are a generated NanoAOD-like file (30,000 events,
/// zlib, chunks that cut its baskets) and two real NanoAOD files of ../shared/testdata.
@Suite(
    .enabled(if: TestPaths.python(importing: "hist") != nil, "needs .venv with uproot, awkward and hist"))
struct ADLReferenceTests {
    static let analyses = ["dimuon", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"]

    /// The generated file (written once per test process), or why it could not be.
    static let generated: Result<String, CommandFailure> = {
        let path = TestPaths.scratchFolder("adl-input") + "/nano.root"
        let python = TestPaths.repositoryFile(".venv/bin/python")
        let script = TestPaths.repositoryFile("scripts/bench/make_nanoaod_like.py")
        guard let result = try? CommandResult.run(python, [script, path, "zlib:1", "30000", "3"]) else {
            return .failure(CommandFailure(description: "make_nanoaod_like.py could not be started"))
        }
        guard result.status == 0 else {
            return .failure(CommandFailure(description: "make_nanoaod_like.py failed: \(result.stderr)"))
        }
        return .success(path)
    }()

    struct CommandFailure: Error, CustomStringConvertible {
        var description: String
    }

    static func inputs() -> [String] {
        ["generated"] + (TestPaths.hasSharedTestData ? ["root/nano_dy.root", "root/pfnano.root"] : [])
    }

    func reference(_ arguments: [String]) throws -> CommandResult {
        try CommandResult.run(
            TestPaths.repositoryFile(".venv/bin/python"),
            [TestPaths.repositoryFile("scripts/reference/adl_reference.py")] + arguments)
    }

    @Test(arguments: analyses, inputs())
    func histogramsEqualTheUprootReference(analysis: String, input: String) throws {
        let file = input == "generated" ? try Self.generated.get() : TestPaths.shared(input)
        let config = try reference(["config", analysis])
        try #require(config.status == 0, "\(config.stderr)")
        let fields = config.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\t")
        try #require(fields.count == 2)
        let folder = TestPaths.scratchFolder("adl-\(analysis)")
        try FileManager.default.copyItem(
            atPath: TestPaths.repositoryFile(String(fields[0])), toPath: folder + "/analysis.yaml")
        TestPaths.write(
            """
            {"bench": {"files": ["\(file)"],
                       "metadata": {"sample": "bench", "year": "2018", "isMC": "\(fields[1])", "nevents": "1"}}}
            """, to: "datasets.json", in: folder)
        let chunk = input == "generated" ? "7000" : "15"
        let ours = try CommandResult.pocketCoffea(
            ["run", "--cfg", "analysis.yaml", "-o", "out", "-e", "iterative", "--chunksize", chunk], in: folder)
        try #require(ours.status == 0, "\(ours.stderr)")
        let compared = try reference(["compare", analysis, file, folder + "/out/output_all.json", chunk])
        #expect(compared.status == 0, "\(compared.stdout)\(compared.stderr)")
        #expect(compared.stdout.contains("equal to the reference"), "\(compared.stdout)")
    }
}
