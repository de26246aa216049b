// Condor layer: reads the first line of a user-log event from raw bytes,
//
//   NNN (cluster.proc.subproc) TIMESTAMP text…
//
// NNN is exactly three digits (HTCondor's readEventNumber); the ids are `%03d`, so they may be wider
// or negative (`(-01.-01.-01)` in HTCondor's own test log); TIMESTAMP is one of the forms of
// ``UserLogTimestamp``; one space separates it from the text, which may be empty. Leading blanks are
// tolerated so that logs pasted into documents (indented by a tab or spaces) still read.

/// The parsed first line of an event.
struct UserLogHeader {
    /// The event number as written (the caller decides whether it is a known code).
    var code: Int
    var job: CondorJobID
    var timestamp: UserLogTimestamp
    /// The text after the timestamp.
    var text: String

    /// Parses `line` (without its line ending), or returns `nil` when it is not an event header.
    static func parse(_ line: UnsafeBufferPointer<UInt8>) -> UserLogHeader? {
        var scanner = ByteScanner(line)
        scanner.skipBlanks()
        guard let code = scanner.digits(exactly: 3), scanner.take(.space), scanner.take(.openParenthesis),
            let cluster = scanner.signedInteger(), scanner.take(.dot),
            let proc = scanner.signedInteger(), scanner.take(.dot),
            let subproc = scanner.signedInteger(), scanner.take(.closeParenthesis), scanner.take(.space),
            let timestamp = scanner.timestamp()
        else { return nil }
        let text: String
        if scanner.atEnd {
            text = ""
        } else if scanner.take(.space) {
            text = scanner.rest()
        } else {
            return nil
        }
        return UserLogHeader(
            code: code, job: CondorJobID(cluster: cluster, proc: proc, subproc: subproc), timestamp: timestamp,
            text: text)
    }
}

/// A cursor over the bytes of one line.
private struct ByteScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var atEnd: Bool { index >= bytes.count }

    func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    mutating func skipBlanks() {
        while let byte = peek(), byte == .space || byte == .tab { index += 1 }
    }

    /// Exactly `count` decimal digits.
    mutating func digits(exactly count: Int) -> Int? {
        var value = 0
        for offset in 0..<count {
            guard let byte = peek(offset), byte.isDigit else { return nil }
            value = value * 10 + Int(byte - .zero)
        }
        if let next = peek(count), next.isDigit { return nil }
        index += count
        return value
    }

    /// An optionally negative decimal number of at most 18 digits.
    mutating func signedInteger() -> Int? {
        let negative = take(.minus)
        var value = 0
        var count = 0
        while let byte = peek(), byte.isDigit, count < 18 {
            value = value * 10 + Int(byte - .zero)
            index += 1
            count += 1
        }
        guard count > 0, !(peek()?.isDigit ?? false) else { return nil }
        return negative ? -value : value
    }

    /// `MM/DD HH:MM:SS…`, `YYYY-MM-DD HH:MM:SS…` or `YYYY-MM-DDTHH:MM:SS…`.
    mutating func timestamp() -> UserLogTimestamp? {
        let style: UserLogTimestamp.Style
        var year: Int?
        let month: Int
        let day: Int
        if peek(2) == .slash {
            guard let mm = digits(exactly: 2), take(.slash), let dd = digits(exactly: 2), take(.space) else {
                return nil
            }
            (style, month, day) = (.legacy, mm, dd)
        } else {
            guard let yyyy = digits(exactly: 4), take(.minus), let mm = digits(exactly: 2), take(.minus),
                let dd = digits(exactly: 2)
            else { return nil }
            if take(.space) {
                style = .isoDate
            } else if take(.letterT) {
                style = .iso8601
            } else {
                return nil
            }
            (year, month, day) = (yyyy, mm, dd)
        }
        guard let hour = digits(exactly: 2), take(.colon), let minute = digits(exactly: 2), take(.colon),
            let second = digits(exactly: 2)
        else { return nil }
        var microsecond: Int?
        if take(.dot) {
            guard let fraction = fraction() else { return nil }
            microsecond = fraction
        }
        var utcOffset: Int?
        if take(.letterZ) {
            utcOffset = 0
        } else if let sign = peek(), sign == .plus || sign == .minus, peek(1)?.isDigit == true {
            index += 1
            guard let hours = digits(exactly: 2) else { return nil }
            _ = take(.colon)
            guard let minutes = digits(exactly: 2) else { return nil }
            utcOffset = (sign == .minus ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
        guard (1...12).contains(month), (1...31).contains(day), (0...24).contains(hour), (0...59).contains(minute),
            (0...60).contains(second)
        else { return nil }
        return UserLogTimestamp(
            style: style, year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            microsecond: microsecond, utcOffset: utcOffset)
    }

    /// The digits after a decimal point, as microseconds (digits past the sixth are dropped).
    private mutating func fraction() -> Int? {
        var value = 0
        var count = 0
        while let byte = peek(), byte.isDigit {
            if count < 6 { value = value * 10 + Int(byte - .zero) }
            count += 1
            index += 1
        }
        guard count > 0 else { return nil }
        for _ in count..<max(count, 6) { value *= 10 }
        return value
    }

    /// The remaining bytes as text.
    mutating func rest() -> String {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[index...]), as: UTF8.self)
        index = bytes.count
        return text
    }
}

extension UInt8 {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let zero = UInt8(ascii: "0")
    static let dot = UInt8(ascii: ".")
    static let slash = UInt8(ascii: "/")
    static let colon = UInt8(ascii: ":")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let openParenthesis = UInt8(ascii: "(")
    static let closeParenthesis = UInt8(ascii: ")")
    static let letterT = UInt8(ascii: "T")
    static let letterZ = UInt8(ascii: "Z")

    var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
}
