import ArgumentParser
import Testing

@testable import CLI

/// merge-outputs' file arguments are packed into one before parsing; the command must see what it would
/// have seen without packing.
@Suite struct PackedFileArgumentsTests {
    @Test func theValueOptionsAreThoseTheHelpShowsWithAValue() {
        var withValue: Set<String> = []
        var flags: Set<String> = []
        // Option lines read "-o, --outputfile <outputfile>   help…", flags "-f, --force   help…".
        for line in PocketCoffea.MergeOutputs.helpMessage(columns: 500).split(separator: "\n") {
            let words = line.split(separator: " ")
            guard words.first?.hasPrefix("-") == true else { continue }
            let names = words.prefix { $0.hasPrefix("-") }.map { String($0.hasSuffix(",") ? $0.dropLast() : $0) }
            if words.dropFirst(names.count).first?.hasPrefix("<") == true {
                withValue.formUnion(names)
            } else {
                flags.formUnion(names)
            }
        }
        #expect(withValue == PackedFileArguments.valueOptions)
        #expect(flags.isDisjoint(with: PackedFileArguments.valueOptions))
        #expect(flags.contains("--skip-check") && flags.contains("-f"))
    }

    @Test(arguments: [
        ["-o", "merged.zip"], ["-f", "--replace", "-n", "3"], ["-m", "2", "-cd", "cache", "-v"], ["--", "-odd.json"],
        ["-jc", "jobs", "-s"],
    ])
    func packedArgumentsParseAsTheOriginals(options: [String]) throws {
        let files = (0..<100).map { "out/output_job_\($0).zip" }
        let arguments =
            Array(files[..<40]) + options.filter { $0 != "--" && $0 != "-odd.json" } + Array(files[40...])
            + (options.contains("--") ? ["--", "-odd.json"] : [])
        let packed = PackedFileArguments.packed(arguments)
        #expect(packed.count < arguments.count)
        let original = try PocketCoffea.MergeOutputs.parse(arguments)
        let fromPacked = try PocketCoffea.MergeOutputs.parse(packed)
        #expect(PackedFileArguments.unpacked(fromPacked.inputFiles) == original.inputFiles)
        #expect(fromPacked.outputfile == original.outputfile && fromPacked.jobsConfig == original.jobsConfig)
        #expect(fromPacked.force == original.force && fromPacked.replace == original.replace)
        #expect(fromPacked.reduction == original.reduction && fromPacked.maxMemGb == original.maxMemGb)
        #expect(fromPacked.cacheDir == original.cacheDir && fromPacked.skipCheck == original.skipCheck)
    }

    @Test func fewFilesAreLeftAsTheyAre() {
        let arguments = ["a.zip", "b.zip", "-o", "m.zip"]
        #expect(PackedFileArguments.packed(arguments) == arguments)
    }

    @Test func theMultiCallEntryPacksOnlyMergeOutputs() {
        let files = (0..<80).map { "f\($0).json" }
        #expect(MultiCall.arguments(from: ["/bin/merge-outputs"] + files).count == 2)
        #expect(MultiCall.arguments(from: ["pocket-coffea", "merge-outputs"] + files).count == 2)
        #expect(MultiCall.arguments(from: ["pocket-coffea", "check-jobs"] + files).count == 81)
    }
}
