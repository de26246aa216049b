import Foundation
import ROOTIO
import TestSupport
import Testing

/// A seeded random mutator over real files: headers, key lists, the TTree record and baskets are
/// corrupted, and every mutant is opened and read in full. Malformed input must give an error, never a
/// crash (a crash would end the test process). Counts are printed for the record.
@Suite(.enabled(if: TestPaths.hasSharedTestData, "needs ../shared/testdata"))
struct FuzzTests {
    /// xorshift64*: deterministic across runs and platforms.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
    }

    enum Outcome: String, CaseIterable { case read, formatError, sourceError, otherError }

    static let interesting: [UInt32] = [0, 1, 0xFF, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x4000_0000, 100]

    /// One mutant: a few bytes changed inside `regions` (or anywhere), or the file truncated.
    static func mutate(_ bytes: [UInt8], regions: [Range<Int>], using generator: inout Generator) -> [UInt8] {
        var mutant = bytes
        let region = regions.randomElement(using: &generator) ?? 0..<bytes.count
        let kind = Int.random(in: 0..<10, using: &generator)
        if kind == 0 { return Array(mutant.prefix(Int.random(in: 0..<bytes.count, using: &generator))) }
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = Int.random(in: region, using: &generator)
            switch kind {
            case 1...4: mutant[position] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
            case 5...7: mutant[position] = UInt8.random(in: 0...255, using: &generator)
            default:
                let value = interesting.randomElement(using: &generator)!
                for index in 0..<4 where position + index < mutant.count {
                    mutant[position + index] = UInt8(truncatingIfNeeded: value >> (24 - 8 * index))
                }
            }
        }
        return mutant
    }

    /// Opens a mutant and reads every readable branch of every tree.
    static func exercise(_ bytes: [UInt8]) -> Outcome {
        do {
            let file = try ROOTFile(source: MemorySource(bytes, url: "mutant.root"))
            for key in file.keys where key.className == "TTree" {
                let tree = try file.tree(key.name)
                let names = tree.branches.filter { $0.elementClass == nil && $0.type.isReadable }.map(\.name)
                _ = try tree.read(names)
            }
            return .read
        } catch is ROOTFormatError {
            return .formatError
        } catch is ByteSourceError {
            return .sourceError
        } catch {
            return .otherError
        }
    }

    @Test(arguments: [
        ("uproot-small-dy-nooffsets.root", 3000), ("uproot-Zmumu-uncompressed.root", 1500),
        ("uproot-Zmumu-lz4.root", 1000), ("uproot-small-dy-withoffsets.root", 2000),
    ])
    func mutantsGiveErrorsNotCrashes(name: String, baseExecutions: Int) throws {
        // POCKET_COFFEA_FUZZ_SCALE=N runs N times as many mutants (a longer campaign outside CI).
        let scale = ProcessInfo.processInfo.environment["POCKET_COFFEA_FUZZ_SCALE"].flatMap(Int.init) ?? 1
        let executions = baseExecutions * max(1, scale)
        let path = TestPaths.shared("root/" + name)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let file = try ROOTFile(url: path)
        #expect(Self.exercise(bytes) == .read, "the unmutated file reads")
        var regions = [0..<min(512, bytes.count)]
        for key in file.keys { regions.append(Int(key.seek)..<Int(key.seek) + key.storedBytes) }
        let seed = ProcessInfo.processInfo.environment["POCKET_COFFEA_FUZZ_SEED"].flatMap(UInt64.init) ?? 0
        var generator = Generator(state: 0x9E37_79B9_7F4A_7C15 ^ UInt64(name.utf8.count) ^ seed)
        var outcomes: [Outcome: Int] = [:]
        for _ in 0..<executions {
            let mutant = Self.mutate(bytes, regions: regions, using: &generator)
            outcomes[Self.exercise(mutant), default: 0] += 1
        }
        let summary = Outcome.allCases.map { "\($0.rawValue) \(outcomes[$0, default: 0])" }.joined(separator: ", ")
        print("fuzz \(name): \(executions) mutants, no crash: \(summary)")
        #expect(outcomes[.otherError, default: 0] == 0, "errors other than ROOTFormatError/ByteSourceError")
    }
}
