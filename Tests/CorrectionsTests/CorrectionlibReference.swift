// Corrections tests: PyPI correctionlib run on the same file and inputs (scripts/reference/
// correctionlib_evaluate.py), the reference every evaluation is compared with. Reals travel as
// hexadecimal floats both ways, so the comparison sees every bit.

import Configuration
import Corrections
import Foundation
import TestSupport

/// What correctionlib gave for one event.
enum ReferenceOutcome: Equatable {
    case value(Double)
    case error(String)
}

/// Runs correctionlib in the project's venv.
enum CorrectionlibReference {
    /// The venv's python when it has correctionlib.
    static let python: String? = TestPaths.python(importing: "correctionlib")

    /// correctionlib's result for each event of `columns` (or for the one event of scalar columns).
    static func evaluate(file: String, name: String, compound: Bool = false, columns: [CorrectionColumn], count: Int)
        throws -> [ReferenceOutcome]
    {
        var encoded: [ConfigValue] = []
        for column in columns {
            let values: [ConfigValue]
            switch column {
            case .reals(let numbers): values = numbers.map { .string(hex($0)) }
            case .ints(let numbers): values = numbers.map { .int(Int($0)) }
            case .strings(let texts): values = texts.map { .string($0) }
            case .constant(.real(let number)): values = Array(repeating: .string(hex(number)), count: count)
            case .constant(.int(let number)): values = Array(repeating: .int(Int(number)), count: count)
            case .constant(.string(let text)): values = Array(repeating: .string(text), count: count)
            }
            encoded.append(
                .object(OrderedObject([("type", .string(column.kind.rawValue)), ("values", .array(values))])))
        }
        let request = ConfigValue.object(
            OrderedObject([
                ("file", .string(file)), ("name", .string(name)), ("compound", .bool(compound)),
                ("columns", .array(encoded)),
            ]))
        let folder = TestPaths.scratchFolder("correctionlib")
        let path = TestPaths.write(JSONWriter.string(request), to: "request.json", in: folder)
        let output = try run([path])
        return try (output.arrayValue ?? []).map { item in
            if let text = item.stringValue, let number = Double(text) { return .value(number) }
            guard let message = item["error"]?.stringValue else {
                throw ReferenceFailure("bad reference output \(item)")
            }
            return .error(message)
        }
    }

    /// For each file, nil when correctionlib (schema and loader) accepts it, else its message.
    static func check(_ files: [String]) throws -> [String?] {
        try (run(["--check"] + files).arrayValue ?? []).map(\.stringValue)
    }

    private static func run(_ arguments: [String]) throws -> ConfigValue {
        guard let python else { throw ReferenceFailure("no .venv with correctionlib") }
        let result = try CommandResult.run(
            python, [TestPaths.repositoryFile("scripts/reference/correctionlib_evaluate.py")] + arguments)
        guard result.status == 0 else { throw ReferenceFailure("correctionlib_evaluate.py failed: \(result.stderr)") }
        return try JSONReader.parse(result.stdout)
    }

    /// `value` as Python's float.fromhex reads it.
    static func hex(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return String(format: "%a", value)
    }
}

struct ReferenceFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
