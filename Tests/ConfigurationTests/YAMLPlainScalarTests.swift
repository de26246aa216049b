import Testing
import Yams

@testable import Configuration

/// Plain scalars must get the type Yams' default resolver (its regular expressions) gives them, which the
/// reader used before; quoted scalars and explicit tags keep their meaning.
@Suite struct YAMLPlainScalarTests {
    /// The kind Yams' default resolver gives the value of `v: <text>`, and the scalar's text; nil when
    /// that is not a plain scalar.
    static func reference(_ text: String) -> (kind: YAMLPlainScalar, string: String)? {
        guard let node = try? Yams.compose(yaml: "v: " + text), let value = node["v"],
            case .scalar(let scalar) = value, scalar.style == .plain
        else { return nil }
        let kinds: [String: YAMLPlainScalar] = [
            Tag.Name.null.rawValue: .null, Tag.Name.bool.rawValue: .bool, Tag.Name.int.rawValue: .int,
            Tag.Name.float.rawValue: .float,
        ]
        return (kinds[value.tag.description] ?? .string, scalar.string)
    }

    static let tokens = [
        "0", "1", "5", "7", "8", "9", "00", "12", "_", ".", "e", "E", "+", "-", ":", "x", "o", "b", "a", "F", "inf",
        "Inf", "INF", "nan", "NaN", "NAN", "yes", "No", "ON", "off", "True", "false", "null", "NULL", "~", "0x", "0o",
        "0b", "<<", "=", "60", "59", "2024-01-02", " ", "z",
    ]

    @Test func randomPlainScalarsAreTypedAsYamsTypesThem() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var compared = 0
        for _ in 0..<40_000 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for part in 0..<Int(1 + (state >> 60) % 5) {
                let pick = Int((state >> UInt64(8 * part + 3)) % UInt64(Self.tokens.count))
                text += Self.tokens[pick]
            }
            guard let (kind, string) = Self.reference(text) else { continue }
            compared += 1
            if YAMLPlainScalar(string) != kind {
                Issue.record("'\(string)': Yams says \(kind), we say \(YAMLPlainScalar(string))")
                return
            }
        }
        #expect(compared > 20_000)
    }

    @Test(arguments: [
        "", "~", "null", "0", "-0", "+12_345", "0b1010", "0o17", "017", "08", "0x1F", "0x", "1:30", "190:20:30",
        "1:60", "1.5", "1.", ".5", "+.5", "-.inf", ".NaN", "-.nan", "1e5", "1.5e-3", ".5e3", ".5e+3", "1_000.5",
        "1:30.5", "yes", "Off", "TRUE", "tRue", "<<", "=", "2024-01-02", "1.2.3", "0b", "1__", "_1", "e5",
    ])
    func chosenScalars(text: String) throws {
        let (kind, string) = try #require(Self.reference(text.isEmpty ? "" : text))
        #expect(YAMLPlainScalar(string) == kind, "'\(string)'")
    }

    @Test func quotedScalarsAndExplicitTagsKeepTheirType() throws {
        let value = try YAMLReader.parse(
            """
            a: "5"
            b: '1.5'
            c: !!str 7
            d: !!int "8"
            e: !!float 2
            f: |
              yes
            g: yes
            h: 0x10
            i: 1_000.5
            j: ~
            k: .inf
            """)
        #expect(value["a"] == .string("5"))
        #expect(value["b"] == .string("1.5"))
        #expect(value["c"] == .string("7"))
        #expect(value["d"] == .string("8"), "Yams reads no number from a quoted scalar, tagged or not")
        #expect(value["e"] == .double(2))
        #expect(value["f"] == .string("yes\n"))
        #expect(value["g"] == .bool(true))
        #expect(value["h"] == .int(16))
        #expect(value["i"] == .double(1000.5))
        #expect(value["j"] == .null)
        #expect(value["k"] == .double(.infinity))
    }
}
