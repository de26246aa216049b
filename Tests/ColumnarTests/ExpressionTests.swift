import Columnar
import Foundation
import ROOTIO
import Testing

/// The expression language on a small hand-made frame: 4 events with muons and jets.
@Suite struct ExpressionTests {
    //                event:   0              1        2     3
    static let muonCounts: [UInt32] = [2, 1, 0, 3]
    static let muonPt: [Float] = [30, 20, 15, 50, 40, 10]
    static let muonEta: [Float] = [0.5, -1.0, 2.0, 0.1, -0.2, 2.3]
    static let muonPhi: [Float] = [0.1, 3.0, -1.0, 1.0, -2.0, 0.5]
    static let muonCharge: [Int32] = [1, -1, 1, -1, -1, 1]
    static let muonTight: [Bool] = [true, true, false, true, true, false]
    static let jetCounts: [UInt32] = [3, 0, 2, 1]
    static let jetPt: [Float] = [100, 60, 35, 45, 25, 80]
    static let jetEta: [Float] = [0.5, 1.5, -0.3, 0.0, 3.0, 0.1]
    static let jetPhi: [Float] = [0.12, -2.0, 1.0, 0.0, 2.0, 1.05]

    static func offsets(_ counts: [UInt32]) -> [Int32] {
        counts.reduce(into: [0]) { $0.append($0.last! + Int32($1)) }
    }

    static var columns: [String: Column] {
        func jagged(_ name: String, _ counts: [UInt32], _ type: LeafType, _ values: ColumnValues) -> Column {
            Column(name: name, type: type, entries: 4, offsets: offsets(counts), values: values)
        }
        return [
            "nMuon": Column(name: "nMuon", type: .uint32, entries: 4, offsets: nil, values: .uint32(muonCounts)),
            "Muon_pt": jagged("Muon_pt", muonCounts, .float32, .float32(muonPt)),
            "Muon_eta": jagged("Muon_eta", muonCounts, .float32, .float32(muonEta)),
            "Muon_phi": jagged("Muon_phi", muonCounts, .float32, .float32(muonPhi)),
            "Muon_mass": jagged("Muon_mass", muonCounts, .float32, .float32(Array(repeating: 0.105658, count: 6))),
            "Muon_charge": jagged("Muon_charge", muonCounts, .int32, .int32(muonCharge)),
            "Muon_tightId": jagged("Muon_tightId", muonCounts, .bool, .bool(muonTight)),
            "nJet": Column(name: "nJet", type: .uint32, entries: 4, offsets: nil, values: .uint32(jetCounts)),
            "Jet_pt": jagged("Jet_pt", jetCounts, .float32, .float32(jetPt)),
            "Jet_eta": jagged("Jet_eta", jetCounts, .float32, .float32(jetEta)),
            "Jet_phi": jagged("Jet_phi", jetCounts, .float32, .float32(jetPhi)),
            "Jet_mass": jagged("Jet_mass", jetCounts, .float32, .float32(Array(repeating: 5, count: 6))),
            "MET_pt": Column(
                name: "MET_pt", type: .float32, entries: 4, offsets: nil, values: .float32([10, 20, 30, 40])),
        ]
    }

    static var schema: BranchSchema {
        var entries: [String: BranchSchema.Entry] = [:]
        for (name, column) in columns {
            let counter = column.offsets == nil ? nil : "n" + name.prefix { $0 != "_" }
            entries[name] = .init(kind: column.type == .bool ? .boolean : .number, counter: counter, type: column.type)
        }
        return BranchSchema(entries: entries)
    }

    func scope() throws -> ExpressionScope {
        var scope = ExpressionScope(schema: Self.schema)
        try scope.defineObjects("MuonGood", from: "Muon", where: "pt > 18 && tightId")
        try scope.defineObjects("JetGood", from: "Jet", where: "pt > 30 && deltaR_min(MuonGood) > 0.4")
        return scope
    }

    func numbers(_ text: String) throws -> [Double] {
        var scope = try scope()
        let compiled = try scope.compile(text)
        let evaluation = Evaluation(frame: EventFrame(columns: Self.columns, entries: 4))
        return try evaluation.evaluate(compiled).eventNumbers(count: 4)
    }

    func flags(_ text: String) throws -> [Bool] {
        var scope = try scope()
        let compiled = try scope.compile(text)
        let evaluation = Evaluation(frame: EventFrame(columns: Self.columns, entries: 4))
        return try evaluation.evaluate(compiled).eventBooleans(count: 4)
    }

    @Test func countsAndSubsets() throws {
        #expect(try numbers("count(Muon)") == [2, 1, 0, 3])
        #expect(try numbers("count(MuonGood)") == [2, 0, 0, 2], "event 1's muon is not tight")
        #expect(try numbers("nMuon") == [2, 1, 0, 3])
        #expect(try numbers("count(MuonGood.pt)") == [2, 0, 0, 2], "count of numbers counts them")
        #expect(try numbers("count(Muon.pt > 35)") == [0, 0, 0, 2], "count of truth values counts the true ones")
        #expect(try numbers("sum(MuonGood.pt > 35)") == [0, 0, 0, 2], "sum of truth values counts the true ones")
    }

    @Test func indexingWithDefaults() throws {
        let leading = try numbers("MuonGood.pt[0]")
        #expect(leading[0] == 30 && leading[3] == 50)
        #expect(leading[1].isNaN && leading[2].isNaN, "no good muon in events 1 and 2")
        #expect(try numbers("at(MuonGood.pt, 1, -1)") == [20, -1, -1, 40])
        #expect(try flags("MuonGood.pt[1] > 10") == [true, false, false, true], "a missing object fails its cut")
    }

    @Test func reductionsAndLogic() throws {
        #expect(try numbers("max(Jet.pt)").enumerated().map { $0.offset == 1 ? 0 : $0.element } == [100, 0, 45, 80])
        #expect(try flags("any(Muon.charge < 0) && !all(Muon.tightId)") == [false, false, false, true])
        #expect(try numbers("sum(Jet.pt * 2)") == [390, 0, 140, 160])
        #expect(try numbers("argmax(Muon.pt)").enumerated().map { $0.offset == 2 ? -1 : $0.element } == [0, 0, -1, 0])
        #expect(try flags("MET_pt > 15 or count(Muon) == 0") == [false, true, true, true])
    }

    @Test func pairsAndFourVectors() throws {
        let mass = try numbers("mass(MuonGood[0] + MuonGood[1])")
        func pair(_ a: Int, _ b: Int) -> Double {
            let (pt1, eta1, phi1) = (Double(Self.muonPt[a]), Double(Self.muonEta[a]), Double(Self.muonPhi[a]))
            let (pt2, eta2, phi2) = (Double(Self.muonPt[b]), Double(Self.muonEta[b]), Double(Self.muonPhi[b]))
            let m = 0.105658
            func p(_ pt: Double, _ eta: Double, _ phi: Double) -> (Double, Double, Double, Double) {
                let (x, y, z) = (pt * cos(phi), pt * sin(phi), pt * sinh(eta))
                return (x, y, z, (x * x + y * y + z * z + m * m).squareRoot())
            }
            let (u, v) = (p(pt1, eta1, phi1), p(pt2, eta2, phi2))
            let (e, x, y, z) = (u.3 + v.3, u.0 + v.0, u.1 + v.1, u.2 + v.2)
            return (e * e - x * x - y * y - z * z).squareRoot()
        }
        #expect(abs(mass[0] - pair(0, 1)) < 1e-9)
        #expect(mass[1].isNaN && mass[2].isNaN)
        #expect(abs(mass[3] - pair(3, 4)) < 1e-9)
        #expect(try flags("MuonGood.charge[0] != MuonGood.charge[1]") == [true, false, false, false])
        let sumPt = try numbers("pt(sum(Jet))")
        #expect(abs(sumPt[3] - 80) < 1e-4)
    }

    @Test func cleaningAgainstAnotherCollection() throws {
        // Event 0: jet 0 (eta 0.5, phi 0.12) is within ΔR 0.4 of muon 0 (0.5, 0.1): removed; jets 1 and 2
        // are far from both muons. Event 2 has no good muon: jets are kept if pt > 30.
        // Event 3: its jet (0.1, 1.05) is within 0.4 of muon 3 (0.1, 1.0): removed.
        #expect(try numbers("count(JetGood)") == [2, 0, 1, 0])
        #expect(try numbers("sum(JetGood.pt)") == [95, 0, 45, 0])
    }

    @Test func combinationsAndArgmin() throws {
        var scope = try scope()
        try scope.defineObjects("Trijet", from: "combinations(Jet, 3)", where: nil)
        try scope.defineObjects("Dijet", from: "combinations(Jet, 2)", where: nil)
        let evaluation = Evaluation(frame: EventFrame(columns: Self.columns, entries: 4))
        let count = try evaluation.evaluate(try scope.compile("count(Dijet)")).eventNumbers(count: 4)
        #expect(count == [3, 0, 1, 0])
        let best = try scope.compile("Dijet[argmin(abs(Dijet.mass - 91.2))].max_pt")
        let values = try evaluation.evaluate(best).eventNumbers(count: 4)
        #expect(values[2] == 45)
        #expect(try evaluation.evaluate(try scope.compile("count(Trijet)")).eventNumbers(count: 4) == [1, 0, 0, 0])
    }

    /// A picked object's field is computed for the picked rows only when the collection has not
    /// computed it for every object yet; both ways must give the same bits.
    @Test(arguments: ["pt", "eta", "phi", "mass", "max_pt", "sum_pt", "member1", "index"])
    func pickedFieldsEqualTheWholeField(field: String) throws {
        var scope = try scope()
        try scope.defineObjects("Dijet", from: "combinations(Jet, 2)", where: nil)
        try scope.defineObjects("Pairs", from: "combinations(Muon, 2)", where: "sum_charge == 0")
        for collection in ["Dijet", "Pairs"] {
            let picked = try scope.compile("\(collection)[1].\(field)")
            let whole = try scope.compile("\(collection).\(field)")
            let rowsOnly = Evaluation(frame: EventFrame(columns: Self.columns, entries: 4))
            let fromRows = try rowsOnly.evaluate(picked).eventNumbers(count: 4)
            let everyObject = Evaluation(frame: EventFrame(columns: Self.columns, entries: 4))
            _ = try everyObject.evaluate(whole)
            let fromWhole = try everyObject.evaluate(picked).eventNumbers(count: 4)
            #expect(fromRows.map(\.bitPattern) == fromWhole.map(\.bitPattern), "\(collection).\(field)")
            #expect(fromRows.contains { !$0.isNaN }, "\(collection)[1] exists in some event")
        }
    }

    @Test(arguments: [
        ("Muon.pt >", "expected a value but found end of expression at column 10"),
        ("Muon.ptt > 3", "Muon has no field 'ptt'"),
        ("MET_ptt > 3", "unknown name 'MET_ptt' (did you mean 'MET_pt'?) at column 1"),
        ("count(MET_pt)", "count() needs a collection or a list"),
        ("Muon.pt && true", "'&&' needs truth values"),
        ("foo(1)", "unknown function 'foo'"),
        ("Muon + 1", "'+' needs numbers"),
        ("(1 + 2", "expected ')' but found end of expression"),
        ("1 $ 2", "unexpected character '$' at column 3"),
    ])
    func mistakesAreReportedWithTheirPosition(text: String, message: String) throws {
        var scope = try scope()
        let error = #expect(throws: ExpressionError.self) { try scope.compile(text) }
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "no error")")
    }

    @Test func usedBranchesAreRecorded() throws {
        var scope = ExpressionScope(schema: Self.schema)
        try scope.defineObjects("MuonGood", from: "Muon", where: "pt > 18")
        _ = try scope.compile("mass(MuonGood[0] + MuonGood[1]) > 60")
        #expect(scope.usedBranches == ["nMuon", "Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass"])
    }

    /// Cleaning by ΔR reads eta and phi only; a concatenation reads from both sides only the fields used
    /// (kinematics for its pairs' mass, charge for a cut), not every field they share.
    @Test func onlyTheFieldsUsedAreRead() throws {
        var cleaning = ExpressionScope(schema: Self.schema)
        try cleaning.defineObjects("MuonSoft", from: "Muon", where: "pt > 10")
        try cleaning.defineObjects("JetClean", from: "Jet", where: "pt > 30 && deltaR_min(MuonSoft) > 0.4")
        _ = try cleaning.compile("sum(JetClean.pt)")
        #expect(
            cleaning.usedBranches == [
                "nMuon", "Muon_pt", "Muon_eta", "Muon_phi", "nJet", "Jet_pt", "Jet_eta", "Jet_phi",
            ])

        var joined = ExpressionScope(schema: Self.schema)
        try joined.defineObjects("Both", from: "concat(Muon, Jet)", where: "pt > 20")
        _ = try joined.compile("count(Both) >= 2")
        #expect(joined.usedBranches == ["nMuon", "Muon_pt", "nJet", "Jet_pt"])
        try joined.defineObjects("Pairs", from: "combinations(Both, 2)", where: "mass > 10")
        _ = try joined.compile("count(Pairs) >= 1")
        #expect(
            joined.usedBranches == [
                "nMuon", "Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass", "nJet", "Jet_pt", "Jet_eta", "Jet_phi",
                "Jet_mass",
            ])
    }

    @Test func framesRestrictedByCuts() throws {
        var scope = try scope()
        let frame = EventFrame(columns: Self.columns, entries: 4)
        let cut = try Evaluation(frame: frame).evaluate(try scope.compile("count(MuonGood) >= 1")).eventBooleans(
            count: 4)
        let selected = frame.selecting(cut)
        #expect(selected.count == 2)
        let pts = try Evaluation(frame: selected).evaluate(try scope.compile("MuonGood.pt[0]")).eventNumbers(count: 2)
        #expect(pts == [30, 50])
    }

    /// A frame over a block of a chunk's events gives each of them what the frame over the whole chunk
    /// gives: branches (flat, jagged, boolean and counters) are taken from the block's part of the
    /// columns, and a cut within the block picks the right chunk events.
    @Test(arguments: [0..<4, 1..<3, 2..<4, 3..<4, 2..<2])
    func framesOverABlockOfEvents(block: Range<Int>) throws {
        var scope = try scope()
        let expressions = [
            "MET_pt", "count(MuonGood)", "sum(Muon.tightId)", "count(JetGood)", "at(JetGood.pt, 0, -1)", "nMuon",
            "any(Muon.charge < 0)",
        ]
        let compiled = try expressions.map { try scope.compile($0) }
        let cut = try scope.compile("count(Jet) >= 1")
        let whole = Evaluation(frame: EventFrame(columns: Self.columns, entries: 4))
        let part = Evaluation(frame: EventFrame(columns: Self.columns, events: block))
        for (text, expression) in zip(expressions, compiled) {
            let all = try whole.evaluate(expression).eventNumbers(count: 4)
            #expect(try part.evaluate(expression).eventNumbers(count: block.count) == Array(all[block]), "\(text)")
        }
        let passing = try part.evaluate(cut).eventBooleans(count: block.count)
        let selected = Evaluation(frame: part.frame.selecting(passing))
        let expected = block.filter { Self.jetCounts[$0] >= 1 }
        #expect(selected.frame.count == expected.count)
        for (text, expression) in zip(expressions, compiled) {
            let all = try whole.evaluate(expression).eventNumbers(count: 4)
            #expect(
                try selected.evaluate(expression).eventNumbers(count: expected.count) == expected.map { all[$0] },
                "\(text) after the cut")
        }
    }

    @Test func concatenationIndicesAndCombinationMembers() throws {
        var scope = try scope()
        try scope.defineObjects("Both", from: "concat(MuonGood, Jet)", where: nil)
        try scope.defineObjects("Pairs", from: "combinations(Muon, 2)", where: "sum_charge == 0")
        let evaluation = Evaluation(frame: EventFrame(columns: Self.columns, entries: 4))
        func values(_ text: String) throws -> [Double] {
            try evaluation.evaluate(try scope.compile(text)).eventNumbers(count: 4)
        }
        #expect(try values("count(Both)") == [5, 0, 2, 3], "good muons then jets, per event")
        #expect(try values("sum(Both.source)") == [3, 0, 2, 1], "source 1 marks the second collection")
        #expect(try values("at(Both.pt, 2, -1)") == [100, -1, -1, 80], "the third object: a jet after two muons")
        #expect(try values("max(Muon.index)").enumerated().map { $0.offset == 2 ? -1 : $0.element } == [1, 0, -1, 2])
        // Event 3 muons: charges -1, -1, +1: opposite-charge pairs (0,2) and (1,2).
        #expect(try values("count(Pairs)") == [1, 0, 0, 2])
        #expect(try values("Pairs.member1[1]").enumerated().map { $0.offset == 3 ? $0.element : 0 } == [0, 0, 0, 2])
        #expect(try values("Pairs.member0[1]").enumerated().map { $0.offset == 3 ? $0.element : 0 } == [0, 0, 0, 1])
    }
}
