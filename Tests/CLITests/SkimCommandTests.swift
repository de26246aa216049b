import Foundation
import TestSupport
import Testing

/// The skim commands through the binary: run with save_skimmed_files, merge-outputs with its
/// initial-events check, and hadd-skimmed-files, checked against uproot.
@Suite(.enabled(if: TestPaths.python(importing: "uproot") != nil, "needs .venv with uproot (make test creates it)"))
struct SkimCommandTests {
    static func json(_ path: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        return try #require(object as? [String: Any])
    }

    /// A skim configurator over `files` (declared with `nevents` events) in `folder`.
    static func configurator(files: [String], nevents: Int, in folder: String) -> String {
        let list = files.map { "\"\($0)\"" }.joined(separator: ", ")
        TestPaths.write(
            """
            {"WW": {"files": [\(list)], "metadata": {"sample": "WW", "year": "2018", "isMC": "True", "xsec": "1", "nevents": "\(nevents)"}}}
            """, to: "datasets.json", in: folder)
        return TestPaths.write(
            "datasets: {jsons: [datasets.json]}\nskim: [\"nMuon >= 2\"]\nsave_skimmed_files: skims\n", to: "skim.yaml",
            in: folder)
    }

    @Test func aDroppedInputFileStopsTheDefinitionUnlessTheDatasetIsNamed() throws {
        let folder = TestPaths.scratchFolder("skim-check")
        let files = [
            try SkimReference.generated(events: 4_000, seed: 31, in: folder),
            try SkimReference.generated(events: 4_000, seed: 32, in: folder),
        ]
        let config = Self.configurator(files: files, nevents: 8_000, in: folder)
        let run = try CommandResult.pocketCoffea(
            ["run", "--cfg", config, "-o", folder + "/out", "-e", "iterative", "--limit-files", "1"], in: folder)
        #expect(run.status != 0)
        #expect(run.stderr.contains("Inconsistent number of initial events"), "\(run.stderr)")
        #expect(run.stderr.contains("dataset WW has nevents 8000 in its metadata but 4000 initial events"))
        let output = folder + "/out/output_all.json"
        #expect(FileManager.default.fileExists(atPath: output))

        let refused = try CommandResult.pocketCoffea(["merge-outputs", output, "-o", folder + "/m1/merged.json"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--skip-initial-events-check WW"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/m1/skimmed_dataset_definition.json"))

        try FileManager.default.createDirectory(atPath: folder + "/m2", withIntermediateDirectories: true)
        let merged = try CommandResult.pocketCoffea([
            "merge-outputs", output, "-o", folder + "/m2/merged.json", "--skip-initial-events-check", "WW",
        ])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stderr.contains("(8000) is different from the number of initial events in the cutflow (4000)"))
        let definition = try Self.json(folder + "/m2/skimmed_dataset_definition.json")
        let ww = try #require(definition["WW"] as? [String: Any])
        let metadata = try #require(ww["metadata"] as? [String: Any])
        let skimmed = try #require(ww["files"] as? [String])
        let report = try SkimReference.compare(cut: "t['nMuon'] >= 2", skimmed: skimmed, inputs: [files[0]])
        #expect(report.different.isEmpty && report.skimmedEvents == report.expectedEvents)
        #expect(metadata["nevents"] as? String == String(report.expectedEvents))
        let efficiency = Double(metadata["skim_efficiency"] as? String ?? "") ?? -1
        #expect(abs(efficiency - Double(report.expectedEvents) / 4_000) < 1e-12)
        #expect(metadata["isSkim"] as? String == "True")
    }

    @Test func haddSkimmedFilesRegroupsWithTheSameEvents() throws {
        let folder = TestPaths.scratchFolder("skim-hadd")
        let input = try SkimReference.generated(events: 14_000, seed: 41, in: folder)
        let config = Self.configurator(files: [input], nevents: 14_000, in: folder)
        let run = try CommandResult.pocketCoffea(
            ["run", "--cfg", config, "-o", folder + "/out", "-e", "futures", "--chunksize", "2000"], in: folder)
        try #require(run.status == 0, "\(run.stderr)")
        let definitionPath = folder + "/out/skimmed_dataset_definition.json"
        let skimmed = try #require((try Self.json(definitionPath)["WW"] as? [String: Any])?["files"] as? [String])
        #expect(skimmed.count == 7)

        let hadd = try CommandResult.pocketCoffea(
            ["hadd-skimmed-files", "-fl", definitionPath, "-o", folder + "/hadd", "-f", "3", "-s", "2"], in: folder)
        #expect(hadd.status == 0, "\(hadd.stderr)")
        #expect(hadd.stdout.contains("We will hadd 3 groups of files."))
        let plan = try #require(try Self.json(folder + "/hadd.json")["WW"] as? [String: Any])
        let groups = try #require(plan["files"] as? [String: [String]])
        let counts = try #require(plan["nevents_per_outfile"] as? [String: Int])
        #expect(groups.values.map(\.count).sorted() == [1, 3, 3])
        let outputs = (1...3).map { folder + "/hadd/WW/WW_\($0).root" }
        #expect(Set(groups.keys) == Set(outputs))
        let report = try SkimReference.compare(cut: "True", skimmed: outputs, inputs: skimmed)
        #expect(report.inputEvents > 0 && report.skimmedEvents == report.inputEvents)
        #expect(report.missing.isEmpty && report.different.isEmpty && report.titlesDiffer.isEmpty)
        #expect(report.runsEqual != false)
        #expect(counts.values.reduce(0, +) == report.inputEvents)
        for output in outputs {
            let one = try SkimReference.compare(cut: "True", skimmed: [output], inputs: groups[output] ?? [])
            #expect(one.skimmedEvents == counts[output] && one.different.isEmpty, "\(output)")
        }
        let definition = try #require(
            try Self.json(folder + "/skimmed_dataset_definition_hadd.json")["WW"] as? [String: Any])
        #expect(definition["files"] as? [String] == outputs)
        #expect((definition["metadata"] as? [String: Any])?["nevents"] as? String == String(report.inputEvents))

        let check = try CommandResult.pocketCoffea(
            ["hadd-skimmed-files", "-fl", definitionPath, "-o", folder + "/hadd", "-f", "3", "--check"], in: folder)
        #expect(check.status == 0 && check.stdout.contains("3 regrouped files checked"), "\(check.stderr)")
        try FileManager.default.removeItem(atPath: outputs[1])
        let missing = try CommandResult.pocketCoffea(
            ["hadd-skimmed-files", "-fl", definitionPath, "-o", folder + "/hadd", "-f", "3", "--check"], in: folder)
        #expect(missing.status != 0 && missing.stderr.contains("WW_2.root"))

        let byEvents = try CommandResult.pocketCoffea(
            ["hadd-skimmed-files", "-fl", definitionPath, "-o", folder + "/hadd-e", "-e", "\(report.inputEvents / 2)"],
            in: folder)
        #expect(byEvents.status == 0, "\(byEvents.stderr)")
        let regrouped = try #require(try Self.json(folder + "/hadd.json")["WW"] as? [String: Any])
        let eventCounts = try #require(regrouped["nevents_per_outfile"] as? [String: Int])
        #expect(eventCounts.count >= 2 && eventCounts.values.allSatisfy { $0 <= report.inputEvents / 2 })
        #expect(eventCounts.values.reduce(0, +) == report.inputEvents)

        // --size: the inputs of each group add up to at most the size given (a larger file alone).
        let sizes = skimmed.map { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0 }
        let budget = Double(sizes.max() ?? 0) * 2.5 / 1e6
        let bySize = try CommandResult.pocketCoffea(
            ["hadd-skimmed-files", "-fl", definitionPath, "-o", folder + "/hadd-s", "--size", String(budget), "--dry"],
            in: folder)
        #expect(bySize.status == 0, "\(bySize.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/hadd-s"), "--dry writes no file")
        let sized = try #require(try Self.json(folder + "/hadd.json")["WW"] as? [String: Any])
        let sizedGroups = try #require(sized["files"] as? [String: [String]])
        #expect(sizedGroups.count >= 3 && sizedGroups.count < skimmed.count, "\(sizedGroups.values.map(\.count))")
        for inputs in sizedGroups.values {
            let bytes = inputs.map { sizes[skimmed.firstIndex(of: $0) ?? 0] }.reduce(0, +)
            #expect(inputs.count == 1 || Double(bytes) <= budget * 1e6)
        }

        // An existing output is kept (and checked) unless --overwrite; --filter-datasets selects.
        let again = try CommandResult.pocketCoffea(
            ["hadd-skimmed-files", "-fl", definitionPath, "-o", folder + "/hadd", "-f", "3"], in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        let before = try FileManager.default.attributesOfItem(atPath: outputs[0])[.modificationDate] as? Date
        let overwrite = try CommandResult.pocketCoffea(
            ["hadd-skimmed-files", "-fl", definitionPath, "-o", folder + "/hadd", "-f", "3", "--overwrite"], in: folder)
        #expect(overwrite.status == 0, "\(overwrite.stderr)")
        let after = try FileManager.default.attributesOfItem(atPath: outputs[0])[.modificationDate] as? Date
        #expect(before != nil && after != nil && before != after, "--overwrite rewrites the regrouped files")
        let none = try CommandResult.pocketCoffea(
            [
                "hadd-skimmed-files", "-fl", definitionPath, "-o", folder + "/hadd-n", "--filter-datasets", "ZZ",
                "--dry",
            ],
            in: folder)
        #expect(none.stdout.contains("We will hadd 0 groups of files."), "\(none.stdout)\(none.stderr)")
    }
}
