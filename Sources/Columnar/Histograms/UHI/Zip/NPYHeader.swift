// Columnar layer: the header dict of a .npy array — element type (`descr`), `fortran_order` and
// `shape` — parsed from its Python literal, and the conversion of its data to doubles in C order
// (hist writes some arrays in Fortran order).

/// What a .npy header says about the data after it.
struct NPYHeader {
    enum Kind {
        case float, signed, unsigned, boolean
    }

    var kind: Kind
    /// Bytes per element.
    var width: Int
    var bigEndian: Bool
    /// The data lie first axis fastest (column-major) rather than last axis fastest.
    var fortranOrder: Bool
    var shape: [Int]

    /// Parses `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`, keys in any order.
    ///
    /// - Throws: ``HistogramError`` `.invalidUHI` naming `name` for another dict, an element type that is
    ///   not a number, or a Fortran-ordered array.
    init(_ text: String, name: String) throws(HistogramError) {
        func invalid(_ message: String) -> HistogramError {
            HistogramError(.invalidUHI, "'\(name)': \(message) in the .npy header \(text.trimmingTrailingSpace)")
        }
        var scanner = LiteralScanner(text)
        var fields: [String: LiteralScanner.Value] = [:]
        guard scanner.consume("{") else { throw invalid("no dict") }
        while !scanner.consume("}") {
            guard case .string(let key)? = scanner.value(), scanner.consume(":"), let value = scanner.value() else {
                throw invalid("a malformed entry")
            }
            fields[key] = value
            _ = scanner.consume(",")
        }
        guard case .string(let descr)? = fields["descr"], case .tuple(let shape)? = fields["shape"],
            case .bool(let fortran)? = fields["fortran_order"]
        else { throw invalid("'descr', 'fortran_order' or 'shape' missing") }
        let code = Array(descr.utf8)
        guard code.count >= 3, "<>|=".utf8.contains(code[0]),
            let width = Int(String(decoding: code[2...], as: UTF8.self))
        else { throw invalid("element type '\(descr)'") }
        switch (Unicode.Scalar(code[1]), width) {
        case ("f", 4), ("f", 8): kind = .float
        case ("i", 1), ("i", 2), ("i", 4), ("i", 8): kind = .signed
        case ("u", 1), ("u", 2), ("u", 4), ("u", 8): kind = .unsigned
        case ("b", 1): kind = .boolean
        default: throw invalid("element type '\(descr)' (floats, integers and booleans are read)")
        }
        self.width = width
        bigEndian = code[0] == UInt8(ascii: ">")
        fortranOrder = fortran
        self.shape = shape
    }

    /// The header as NumPy and ``NPYArray/encode(_:shape:as:)`` write it for little-endian doubles or 64-bit
    /// integers in C order — `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`, spaces, newline
    /// — read without building strings: a merge reads two such headers per histogram of every output.
    /// Nil for any other text, which ``init(_:name:)`` then parses.
    init?(canonical text: ArraySlice<UInt8>) {
        let lead = Self.canonicalLead
        guard text.count > lead.count + 6, text.last == UInt8(ascii: "\n") else { return nil }
        var position = text.startIndex
        for (index, byte) in lead.enumerated() where text[position + index] != byte {
            // The element type's letter ('f' or 'i') is the one byte allowed to differ.
            guard index == Self.canonicalTypeOffset, byte == UInt8(ascii: "f"),
                text[position + index] == UInt8(ascii: "i")
            else { return nil }
        }
        let integer = text[position + Self.canonicalTypeOffset] == UInt8(ascii: "i")
        position += lead.count
        var shape: [Int] = []
        while text[position] != UInt8(ascii: ")") {
            var extent = 0
            let start = position
            while position < text.endIndex - 1, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[position]) {
                let (shifted, overflow) = extent.multipliedReportingOverflow(by: 10)
                guard !overflow, position - start < 18 else { return nil }
                extent = shifted + Int(text[position] - UInt8(ascii: "0"))
                position += 1
            }
            guard position > start, position < text.endIndex - 1 else { return nil }
            shape.append(extent)
            if text[position] == UInt8(ascii: ",") {
                position += 1
                if text[position] == UInt8(ascii: " ") { position += 1 }
            } else if text[position] != UInt8(ascii: ")") {
                return nil
            }
        }
        guard text[position...].starts(with: "), }".utf8),
            text[(position + 4)..<(text.endIndex - 1)].allSatisfy({ $0 == UInt8(ascii: " ") })
        else { return nil }
        kind = integer ? .signed : .float
        width = 8
        bigEndian = false
        fortranOrder = false
        self.shape = shape
    }

    private static let canonicalLead = Array("{'descr': '<f8', 'fortran_order': False, 'shape': (".utf8)
    private static let canonicalTypeOffset = 12

    /// `count` elements of `data` as doubles, in C order.
    func convert(_ data: UnsafeRawBufferPointer, count: Int) -> [Double] {
        let values = elements(data, count: count)
        guard fortranOrder, shape.count > 1, count > 0 else { return values }
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in 1..<shape.count { strides[axis] = strides[axis - 1] * shape[axis - 1] }
        var index = [Int](repeating: 0, count: shape.count)
        var ordered: [Double] = []
        ordered.reserveCapacity(count)
        for _ in 0..<count {
            ordered.append(values[zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 }])
            var axis = shape.count - 1
            index[axis] += 1
            while axis > 0, index[axis] == shape[axis] {
                index[axis] = 0
                axis -= 1
                index[axis] += 1
            }
        }
        return ordered
    }

    /// `count` elements of `data` as doubles, in storage order.
    private func elements(_ data: UnsafeRawBufferPointer, count: Int) -> [Double] {
        if kind == .float, width == 8, !bigEndian, 1.littleEndian == 1 {
            return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                if count > 0 {
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(
                        from: UnsafeRawBufferPointer(rebasing: data[..<(8 * count)]))
                }
                initialized = count
            }
        }
        return (0..<count).map { index in
            var bits: UInt64 = 0
            for byte in 0..<width {
                let position = index * width + (bigEndian ? byte : width - 1 - byte)
                bits = bits << 8 | UInt64(data[position])
            }
            switch kind {
            case .float: return width == 8 ? Double(bitPattern: bits) : Double(Float(bitPattern: UInt32(bits)))
            case .signed: return Double(Int64(bitPattern: bits << (64 - 8 * width)) >> (64 - 8 * width))
            case .unsigned: return Double(bits)
            case .boolean: return bits == 0 ? 0 : 1
            }
        }
    }
}

/// Reads the Python literals of a .npy header, byte by byte (headers are ASCII): quoted strings,
/// True/False, and tuples of integers.
private struct LiteralScanner {
    enum Value {
        case string(String)
        case bool(Bool)
        case tuple([Int])
    }

    private let bytes: [UInt8]
    private var position = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    mutating func consume(_ character: Unicode.Scalar) -> Bool {
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    mutating func value() -> Value? {
        skipSpace()
        guard position < bytes.count else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            let quote = bytes[position]
            guard let end = bytes[(position + 1)...].firstIndex(of: quote) else { return nil }
            defer { position = end + 1 }
            return .string(String(decoding: bytes[(position + 1)..<end], as: UTF8.self))
        case UInt8(ascii: "("):
            position += 1
            var items: [Int] = []
            while !consume(")") {
                skipSpace()
                var item = 0
                let start = position
                while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
                    let (shifted, overflow) = item.multipliedReportingOverflow(by: 10)
                    guard !overflow else { return nil }
                    item = shifted + Int(bytes[position] - UInt8(ascii: "0"))
                    position += 1
                }
                guard position > start else { return nil }
                items.append(item)
                _ = consume(",")
            }
            return .tuple(items)
        default:
            for (word, flag) in [("True", true), ("False", false)] where bytes[position...].starts(with: word.utf8) {
                position += word.utf8.count
                return .bool(flag)
            }
            return nil
        }
    }

    private mutating func skipSpace() {
        while position < bytes.count, bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\n") {
            position += 1
        }
    }
}

extension String {
    fileprivate var trimmingTrailingSpace: String {
        var text = self
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}
