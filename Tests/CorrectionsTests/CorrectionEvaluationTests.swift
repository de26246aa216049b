// Corrections tests: every correction of the fixture files evaluated here and by correctionlib on the
// same random inputs, event by event — values bit for bit (or within 1e-12 relative for libm
// functions), and the same failures (out of bounds with flow "error", missing category keys).

import Corrections
import Foundation
import TestSupport
import Testing

@Suite(
    .enabled(if: CorrectionlibReference.python != nil, "needs .venv with correctionlib (scripts/install-test-deps.sh)"))
struct CorrectionEvaluationTests {
    static let fixtures = ["example_all_nodes.json", "example_pileup_like.json", "every_node.json"]
    static let events = 400

    static func fixture(_ name: String) -> String {
        TestPaths.repositoryFile("Tests/CorrectionsTests/Fixtures/" + name)
    }

    /// The comparison of one event.
    static func agree(_ ours: Result<Double, CorrectionError>, _ reference: ReferenceOutcome, inputs: [CorrectionValue])
        -> Bool
    {
        switch (ours, reference) {
        case (.success(let mine), .value(let theirs)):
            return mine == theirs || (mine.isNaN && theirs.isNaN)
                || abs(mine - theirs) <= 1e-12 * max(abs(mine), abs(theirs))
        case (.failure(let error), .error(let message)):
            switch error.code {
            case .outOfBounds: return message.contains("bounds")
            case .missingCategory: return message.contains("not available in Category")
            // correctionlib's internal error when a wrapped value still falls outside the edges.
            case .invalidValue: return message.contains("should not have ever seen")
            default: return false
            }
        case (.failure(let error), .value):
            // correctionlib's behaviour is undefined for NaN in a uniform binning and for transform
            // results beyond int64 (here from inputs beyond it); this evaluator refuses them instead.
            return error.code == .invalidValue
                && inputs.contains { if case .real(let value) = $0 { !(abs(value) < 0x1p63) } else { false } }
        default:
            return false
        }
    }

    @Test(arguments: fixtures)
    func everyCorrectionAgreesWithCorrectionlib(fixture: String) throws {
        let path = Self.fixture(fixture)
        let set = try CorrectionSet.load(path: path)
        var inputs = try RandomInputs(file: path, seed: 7)
        var compared = 0
        var failures = 0
        for correction in set.corrections {
            let columns = correction.inputs.map { inputs.column($0.kind, count: Self.events) }
            let reference = try CorrectionlibReference.evaluate(
                file: path, name: correction.name, columns: columns, count: Self.events)
            try #require(reference.count == Self.events)
            var good: [Int] = []
            for event in 0..<Self.events {
                let values = columns.map { $0.valueForTest(at: event) }
                let ours = Result { () throws(CorrectionError) -> Double in try correction.evaluate(values) }
                let agrees = Self.agree(ours, reference[event], inputs: values)
                #expect(agrees, "\(correction.name) \(values): ours \(ours), correctionlib \(reference[event])")
                compared += 1
                if case .value = reference[event], case .success = ours { good.append(event) }
                if !agrees { failures += 1 }
                if failures > 20 { return }
            }
            // The batch path gives the same values as the scalar one.
            let batch = try correction.evaluate(columns.map { $0.picking(good) }, count: good.count)
            for (index, event) in good.enumerated() {
                guard case .value(let expected) = reference[event] else { continue }
                #expect(
                    batch[index] == expected || abs(batch[index] - expected) <= 1e-12 * abs(expected)
                        || (batch[index].isNaN && expected.isNaN))
            }
        }
        for compound in set.compoundCorrections {
            let columns = compound.inputs.map { inputs.column($0.kind, count: Self.events) }
            let reference = try CorrectionlibReference.evaluate(
                file: path, name: compound.name, compound: true, columns: columns, count: Self.events)
            for event in 0..<Self.events {
                let values = columns.map { $0.valueForTest(at: event) }
                let ours = Result { () throws(CorrectionError) -> Double in try compound.evaluate(values) }
                #expect(
                    Self.agree(ours, reference[event], inputs: values),
                    "\(compound.name) \(values): ours \(ours), correctionlib \(reference[event])")
                compared += 1
            }
        }
        #expect(compared >= Self.events * (set.corrections.count + set.compoundCorrections.count))
    }
}

extension CorrectionColumn {
    /// The value of event `event`.
    func valueForTest(at event: Int) -> CorrectionValue {
        switch self {
        case .reals(let values): .real(values[event])
        case .ints(let values): .int(values[event])
        case .strings(let values): .string(values[event])
        case .constant(let value): value
        }
    }

    /// The column restricted to the events `indices`.
    func picking(_ indices: [Int]) -> CorrectionColumn {
        switch self {
        case .reals(let values): .reals(indices.map { values[$0] })
        case .ints(let values): .ints(indices.map { values[$0] })
        case .strings(let values): .strings(indices.map { values[$0] })
        case .constant: self
        }
    }
}
