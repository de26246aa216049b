// ROOTIO byte sources: the pieces of HTTP range responses — Content-Range values and multipart/byteranges bodies.

/// A `Content-Range` value: `bytes 0-99/352599`, or `bytes */352599` when no range could be served.
struct ContentRange: Equatable {
    /// The first and the last byte sent, or `nil` for `*`.
    var first: Int64?
    var last: Int64?
    /// The whole file's size, or `nil` when the server wrote `*`.
    var total: Int64?

    init(first: Int64?, last: Int64?, total: Int64?) {
        self.first = first
        self.last = last
        self.total = total
    }

    init?(_ text: some StringProtocol) {
        let text = text.trimmingWhitespace()
        guard text.lowercased().hasPrefix("bytes "), let slash = text.lastIndex(of: "/") else { return nil }
        let span = text[text.index(text.startIndex, offsetBy: 6)..<slash].trimmingWhitespace()
        let total = text[text.index(after: slash)...].trimmingWhitespace()
        self.total = total == "*" ? nil : Int64(total)
        guard total == "*" || self.total != nil else { return nil }
        if span == "*" {
            first = nil
            last = nil
        } else {
            let bounds = span.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count == 2, let first = Int64(bounds[0]), let last = Int64(bounds[1]), first <= last
            else { return nil }
            self.first = first
            self.last = last
        }
    }
}

/// The byte ranges an HTTP server sent back: one part for a single-range `206`, several for a
/// `multipart/byteranges` body.
struct HTTPByteRanges {
    /// Each part's first byte offset and its bytes.
    var parts: [(offset: Int64, bytes: ArraySlice<UInt8>)] = []

    /// Parses a `multipart/byteranges` body.
    ///
    /// The body is `--BOUNDARY`, part headers with a `Content-Range`, a blank line, the bytes, and so on, ending
    /// with `--BOUNDARY--`. A part's length comes from its Content-Range, so binary data that happens to
    /// contain the boundary does not end it early.
    init?(multipart body: [UInt8], boundary: String) {
        let delimiter = Array("--\(boundary)".utf8)
        let headerEnd = Array("\r\n\r\n".utf8)
        guard var position = body.firstRange(of: delimiter)?.upperBound else { return nil }
        while true {
            if body[position...].starts(with: Array("--".utf8)) { return }
            guard let headers = body[position...].firstRange(of: headerEnd) else { return nil }
            let headerText = String(decoding: body[position..<headers.lowerBound], as: UTF8.self)
            guard let range = Self.contentRange(in: headerText), let first = range.first, let last = range.last
            else { return nil }
            let start = headers.upperBound
            let end = start + Int(last - first + 1)
            guard end <= body.count else { return nil }
            parts.append((first, body[start..<end]))
            guard let next = body[end...].firstRange(of: delimiter) else { return nil }
            position = next.upperBound
        }
    }

    /// One part starting at `offset`.
    init(offset: Int64, bytes: ArraySlice<UInt8>) {
        parts = [(offset, bytes)]
    }

    /// The bytes of `range` when one part holds all of them.
    func bytes(for range: ByteRange) -> [UInt8]? {
        for part in parts where part.offset <= range.offset && range.end <= part.offset + Int64(part.bytes.count) {
            let start = part.bytes.startIndex + Int(range.offset - part.offset)
            return Array(part.bytes[start..<start + range.count])
        }
        return nil
    }

    /// The `boundary` parameter of a `multipart/byteranges` content type, or `nil` for any other type.
    static func boundary(ofContentType contentType: String) -> String? {
        let fields = contentType.split(separator: ";").map { $0.trimmingWhitespace() }
        guard fields.first?.lowercased() == "multipart/byteranges" else { return nil }
        for field in fields.dropFirst() where field.lowercased().hasPrefix("boundary=") {
            let value = field.dropFirst("boundary=".count)
            return String(
                value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"")
                    ? value.dropFirst().dropLast() : value)
        }
        return nil
    }

    private static func contentRange(in headers: String) -> ContentRange? {
        for line in headers.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":"),
                line[..<colon].trimmingWhitespace().lowercased() == "content-range"
            else { continue }
            return ContentRange(line[line.index(after: colon)...])
        }
        return nil
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
