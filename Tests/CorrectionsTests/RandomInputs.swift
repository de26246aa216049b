// Corrections tests: inputs for comparisons with correctionlib — values taken from the file itself
// (every edge and key, and the doubles just beside each edge), random values around them, and the
// awkward ones (±0, ±inf, NaN, huge), drawn by a seeded generator so a failure repeats.

import Configuration
import Corrections
import Foundation
import TestSupport

/// The numbers and strings a correctionlib file mentions, and inputs drawn from them.
struct RandomInputs {
    var reals: [Double] = []
    var ints: [Int64] = []
    var strings: [String] = ["bogus", ""]
    var generator: SeededGenerator

    static let awkward: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 1e300, -1e300, 0.5, 1, -1, 2, 3, 3.5, -3.5]

    init(file: String, seed: UInt64) throws {
        generator = SeededGenerator(seed: seed)
        var text = try String(contentsOfFile: file, encoding: .utf8)
        if file.hasSuffix(".gz") { text = "{}" }
        collect(try JSONReader.parse(text))
        reals += reals.flatMap { [$0.nextUp, $0.nextDown] }
        ints += ints.flatMap { [$0 - 1, $0 + 1] } + [0, 1, 2, 3, 4, 5]
    }

    private mutating func collect(_ value: ConfigValue) {
        switch value {
        case .int(let number):
            reals.append(Double(number))
            ints.append(Int64(number))
        case .double(let number): reals.append(number)
        case .string(let text): strings.append(text)
        case .array(let items): for item in items { collect(item) }
        case .object(let object): for (_, item) in object.entries { collect(item) }
        default: break
        }
    }

    /// `count` values for an input of `kind`.
    mutating func column(_ kind: Variable.Kind, count: Int) -> CorrectionColumn {
        switch kind {
        case .real:
            let finite = reals.filter(\.isFinite).filter { abs($0) < 1e6 }
            let low = (finite.min() ?? 0) - 5
            let high = (finite.max() ?? 1) + 5
            return .reals(
                (0..<count).map { _ in
                    switch Int.random(in: 0..<10, using: &generator) {
                    case 0..<4: reals.randomElement(using: &generator) ?? 0
                    case 4..<8: Double.random(in: low...high, using: &generator)
                    default: Self.awkward.randomElement(using: &generator) ?? 0
                    }
                })
        case .int:
            return .ints((0..<count).map { _ in ints.randomElement(using: &generator) ?? 0 })
        case .string:
            return .strings((0..<count).map { _ in strings.randomElement(using: &generator) ?? "" })
        }
    }
}
