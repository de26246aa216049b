// ROOTIO tests: Content-Range values and multipart/byteranges bodies as XrdHttp and other servers send them.

import Testing

@testable import ROOTIO

@Suite struct HTTPByteRangesTests {
    @Test(arguments: [
        ("bytes 0-99/352599", ContentRange(first: 0, last: 99, total: 352_599)),
        ("Bytes 5-5/*", ContentRange(first: 5, last: 5, total: nil)),
        (" bytes */1000 ", ContentRange(first: nil, last: nil, total: 1000)),
    ])
    func contentRange(text: String, value: ContentRange) {
        #expect(ContentRange(text) == value)
    }

    @Test(arguments: ["bytes 9-3/10", "items 0-1/2", "bytes 0-1", "bytes a-b/10"])
    func malformedContentRange(text: String) {
        #expect(ContentRange(text) == nil)
    }

    @Test func boundary() {
        #expect(HTTPByteRanges.boundary(ofContentType: "multipart/byteranges; boundary=123456") == "123456")
        #expect(HTTPByteRanges.boundary(ofContentType: "Multipart/ByteRanges;boundary=\"a b\"") == "a b")
        #expect(HTTPByteRanges.boundary(ofContentType: "application/octet-stream") == nil)
    }

    /// XrdHttp's layout: a CRLF before the first boundary, `Content-range` in lower case; the second part's data
    /// contains the boundary itself.
    @Test func multipartBody() throws {
        let data1: [UInt8] = Array("root\0\0".utf8) + [0xF1, 0x68, 0, 0]
        let data2 = Array("--123456\r\n".utf8)
        let body =
            Array("\r\n--123456\r\nContent-type: text/plain\r\nContent-range: bytes 0-9/352599\r\n\r\n".utf8) + data1
            + Array("\r\n--123456\r\nContent-range: bytes 100-109/352599\r\n\r\n".utf8) + data2
            + Array("\r\n--123456--\r\n".utf8)
        let ranges = try #require(HTTPByteRanges(multipart: body, boundary: "123456"))
        #expect(ranges.parts.map(\.offset) == [0, 100])
        #expect(ranges.bytes(for: ByteRange(offset: 0, count: 10)) == data1)
        #expect(ranges.bytes(for: ByteRange(offset: 102, count: 3)) == Array(data2[2..<5]))
        #expect(ranges.bytes(for: ByteRange(offset: 105, count: 10)) == nil)
    }

    @Test func truncatedMultipartBody() {
        let body = Array("--b\r\nContent-Range: bytes 0-99/1000\r\n\r\nshort".utf8)
        #expect(HTTPByteRanges(multipart: body, boundary: "b") == nil)
    }
}
