import Testing

@testable import Columnar

/// The string-free reading of the header NumPy and we write for C-ordered doubles and 64-bit integers
/// must agree with the general parser, and leave every other header to it.
@Suite struct NPYHeaderTests {
    private static func padded(_ dict: String) -> [UInt8] {
        let length = (10 + dict.utf8.count + 1 + 63) / 64 * 64 - 10
        return Array(dict.utf8) + [UInt8](repeating: UInt8(ascii: " "), count: length - dict.utf8.count - 1) + [10]
    }

    @Test(arguments: [
        "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }",
        "{'descr': '<i8', 'fortran_order': False, 'shape': (12,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (7, 1, 30, 1234567), }",
    ])
    func canonicalHeadersReadAsTheParserReadsThem(dict: String) throws {
        let bytes = Self.padded(dict)
        let fast = try #require(NPYHeader(canonical: bytes[...]))
        let parsed = try NPYHeader(String(decoding: bytes, as: UTF8.self), name: "a")
        #expect(fast.shape == parsed.shape)
        #expect(fast.kind == parsed.kind)
        #expect(fast.width == parsed.width && fast.bigEndian == parsed.bigEndian)
        #expect(fast.fortranOrder == parsed.fortranOrder)
    }

    @Test(arguments: [
        "{'descr': '>f8', 'fortran_order': False, 'shape': (3, 4), }",
        "{'descr': '<f8', 'fortran_order': True, 'shape': (3, 4), }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
        "{'fortran_order': False, 'descr': '<f8', 'shape': (3,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (3, -4), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }",
    ])
    func otherHeadersAreLeftToTheParser(dict: String) {
        #expect(NPYHeader(canonical: Self.padded(dict)[...]) == nil)
    }

    @Test func aHeaderCutAnywhereIsNeverACrash() {
        let dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }"
        let bytes = Self.padded(dict)
        for end in 0..<bytes.count - 1 { #expect(NPYHeader(canonical: bytes[..<end]) == nil) }
        for end in 0..<dict.utf8.count {
            #expect(NPYHeader(canonical: Array(bytes[..<end]) + [10]) == nil, "cut at \(end)")
        }
    }
}
