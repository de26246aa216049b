import Columnar
import Foundation
import ROOTIO
import Testing

/// Combinations are computed from their members, found once per collection walking the events: every
/// field, the fields of picked combinations and those of chosen ones (a `where` on combinations) must agree,
/// in the order (0,1), (0,2), … (1,2), ….
@Suite struct CombinationsTests {
    /// Events with 0 to 9 jets, then 3 again (the jets' pt are their positions in their events).
    static let counts: [UInt32] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 3]

    static var frame: EventFrame {
        let offsets = counts.reduce(into: [Int32(0)]) { $0.append($0.last! + Int32($1)) }
        let pt = counts.flatMap { count in (0..<count).map { Float($0) + 20 } }
        func jagged(_ name: String, _ values: [Float]) -> Column {
            Column(name: name, type: .float32, entries: counts.count, offsets: offsets, values: .float32(values))
        }
        let columns = [
            "nJet": Column(name: "nJet", type: .uint32, entries: counts.count, offsets: nil, values: .uint32(counts)),
            "Jet_pt": jagged("Jet_pt", pt), "Jet_eta": jagged("Jet_eta", pt.map { $0 / 40 }),
            "Jet_phi": jagged("Jet_phi", pt.map { $0 / 10 }), "Jet_mass": jagged("Jet_mass", pt.map { $0 / 4 }),
        ]
        return EventFrame(columns: columns, entries: counts.count)
    }

    static var scope: ExpressionScope {
        get throws {
            var entries: [String: BranchSchema.Entry] = [
                "nJet": .init(kind: .number, counter: nil, type: .uint32)
            ]
            for field in ["pt", "eta", "phi", "mass"] {
                entries["Jet_" + field] = .init(kind: .number, counter: "nJet", type: .float32)
            }
            var scope = ExpressionScope(schema: BranchSchema(entries: entries))
            try scope.defineObjects("Dijet", from: "combinations(Jet, 2)", where: nil)
            try scope.defineObjects("Trijet", from: "combinations(Jet, 3)", where: nil)
            return scope
        }
    }

    /// Every event's combinations of its n objects, in order.
    static func expected(_ n: Int, _ size: Int) -> [[Int]] {
        var result: [[Int]] = []
        for a in 0..<n {
            for b in a + 1..<n {
                if size == 2 {
                    result.append([a, b])
                    continue
                }
                for c in b + 1..<n { result.append([a, b, c]) }
            }
        }
        return result
    }

    @Test(arguments: [("Dijet", 2), ("Trijet", 3)])
    func membersFollowTheCombinationOrder(collection: String, size: Int) throws {
        var scope = try Self.scope
        let longest = Self.expected(Int(Self.counts.max()!), size).count
        for slot in 0..<size {
            // Every combination's member, then each picked one alone (computed from its place).
            let whole = try Evaluation(frame: Self.frame).evaluate(try scope.compile("\(collection).member\(slot)"))
            guard case .jaggedNumbers(let jagged) = whole else {
                Issue.record("\(collection).member\(slot) is not a list")
                return
            }
            for (event, count) in Self.counts.enumerated() {
                let expected = Self.expected(Int(count), size).map { Double($0[slot]) }
                let range = Int(jagged.offsets[event])..<Int(jagged.offsets[event + 1])
                #expect(Array(jagged.content[range]) == expected, "event \(event), member\(slot)")
            }
            for index in 0...longest {
                let picked = try Evaluation(frame: Self.frame).evaluate(
                    try scope.compile("\(collection)[\(index)].member\(slot)")
                ).eventNumbers(count: Self.counts.count)
                for (event, count) in Self.counts.enumerated() {
                    let combinations = Self.expected(Int(count), size)
                    let value = picked[event]
                    if index < combinations.count {
                        #expect(value == Double(combinations[index][slot]), "event \(event), [\(index)]")
                    } else {
                        #expect(value.isNaN, "event \(event), [\(index)] does not exist")
                    }
                }
            }
        }
    }

    /// Every combination's kinematics and member reductions equal those computed here, one combination at a
    /// time from its members' pt, eta, phi and mass (the other tests compare paths that share the member
    /// arrays; this one does not use them).
    @Test(arguments: [("Dijet", 2), ("Trijet", 3)])
    func fieldsEqualTheMembersSum(collection: String, size: Int) throws {
        var scope = try Self.scope
        func field(_ name: String) throws -> [Double] {
            guard
                case .jaggedNumbers(let jagged) = try Evaluation(frame: Self.frame).evaluate(
                    try scope.compile("\(collection).\(name)"))
            else { throw EvaluationError("\(collection).\(name) is not a list") }
            return jagged.content
        }
        let (pt, eta, phi, mass) = (try field("pt"), try field("eta"), try field("phi"), try field("mass"))
        let (sum, minimum, maximum) = (try field("sum_pt"), try field("min_pt"), try field("max_pt"))
        var row = 0
        for count in Self.counts {
            for members in Self.expected(Int(count), size) {
                // Jet k of an event has pt 20 + k, eta pt / 40, phi pt / 10 and mass pt / 4 (as float32).
                let jets = members.map { Double(Float($0) + 20) }
                var (x, y, z, e) = (0.0, 0.0, 0.0, 0.0)
                for jetPt in jets {
                    let (jetEta, jetPhi, jetMass) = (
                        Double(Float(jetPt) / 40), Double(Float(jetPt) / 10), Double(Float(jetPt) / 4)
                    )
                    let (px, py, pz) = (jetPt * cos(jetPhi), jetPt * sin(jetPhi), jetPt * sinh(jetEta))
                    (x, y, z) = (x + px, y + py, z + pz)
                    e += (px * px + py * py + pz * pz + jetMass * jetMass).squareRoot()
                }
                let transverse = (x * x + y * y).squareRoot()
                let expected = [
                    ("pt", pt[row], transverse), ("eta", eta[row], asinh(z / transverse)),
                    ("phi", phi[row], atan2(y, x)), ("mass", mass[row], (e * e - x * x - y * y - z * z).squareRoot()),
                ]
                for (name, value, reference) in expected {
                    #expect(abs(value - reference) <= 1e-9 * max(1, abs(reference)), "\(collection)[\(row)].\(name)")
                }
                #expect(sum[row] == jets.reduce(0, +) && minimum[row] == jets.min() && maximum[row] == jets.max())
                row += 1
            }
        }
        #expect(row == pt.count)
    }

    /// Kinematic and member fields of picked combinations equal those computed for every combination,
    /// bit for bit, and max_pt is the pt of the last member.
    @Test(arguments: ["pt", "eta", "phi", "mass", "max_pt", "min_pt", "sum_pt"])
    func pickedFieldsEqualEveryCombinationsFields(field: String) throws {
        var scope = try Self.scope
        for collection in ["Dijet", "Trijet"] {
            let events = Self.counts.count
            let whole = try Evaluation(frame: Self.frame).evaluate(try scope.compile("\(collection).\(field)"))
            guard case .jaggedNumbers(let jagged) = whole else {
                Issue.record("\(collection).\(field) is not a list")
                return
            }
            for index in [0, 3, 17, 83] {
                let picked = try Evaluation(frame: Self.frame).evaluate(
                    try scope.compile("\(collection)[\(index)].\(field)")
                ).eventNumbers(count: events)
                for event in 0..<events {
                    let range = Int(jagged.offsets[event])..<Int(jagged.offsets[event + 1])
                    let expected = index < range.count ? jagged.content[range.lowerBound + index] : .nan
                    #expect(picked[event].bitPattern == expected.bitPattern, "\(collection)[\(index)].\(field)")
                }
            }
        }
        // Combinations chosen by a condition on their members: their fields, computed for them alone, equal
        // those of every combination at the chosen places.
        try scope.defineObjects("LateDijet", from: "Dijet", where: "min_pt > 20")
        try scope.defineObjects("LateTrijet", from: "Trijet", where: "min_pt > 20")
        for collection in ["Dijet", "Trijet"] {
            let evaluation = Evaluation(frame: Self.frame)
            guard case .jaggedNumbers(let every) = try evaluation.evaluate(try scope.compile("\(collection).\(field)")),
                case .jaggedBooleans(let chosen) = try evaluation.evaluate(
                    try scope.compile("\(collection).min_pt > 20")),
                case .jaggedNumbers(let late) = try Evaluation(frame: Self.frame).evaluate(
                    try scope.compile("Late\(collection).\(field)"))
            else {
                Issue.record("\(collection) fields are not lists")
                return
            }
            let expected = zip(every.content, chosen.content).filter(\.1).map(\.0.bitPattern)
            #expect(expected.count < every.content.count && !expected.isEmpty)
            #expect(late.content.map(\.bitPattern) == expected, "Late\(collection).\(field)")
        }
        if field == "max_pt" {
            let maximum = try Evaluation(frame: Self.frame).evaluate(try scope.compile("Trijet[0].max_pt"))
                .eventNumbers(count: Self.counts.count)
            #expect(maximum[3] == 22 && maximum[9] == 22)
        }
    }
}
