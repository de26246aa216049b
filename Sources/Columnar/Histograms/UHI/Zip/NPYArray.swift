// Columnar layer: NumPy's .npy format (version 1.0 written; 1.0–3.0 read), the arrays of UHI's zip
// form. The header is a Python dict literal `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`
// padded with spaces to a multiple of 64 bytes and ended by a newline; the data follow in C order.

/// A C-ordered array of numbers, converted to or from `.npy` bytes.
struct NPYArray {
    /// The element types written: 64-bit floats, or 64-bit integers for counts.
    enum ElementType: String {
        case float64 = "<f8"
        case int64 = "<i8"
    }

    var shape: [Int]
    var values: [Double]

    /// The `.npy` bytes of `values` with `shape` as `type` (an integer type holds whole numbers only).
    static func encode(_ values: [Double], shape: [Int], as type: ElementType) -> [UInt8] {
        let dimensions = shape.map(String.init)
        let shapeText = "(" + dimensions.joined(separator: ", ") + (dimensions.count == 1 ? ",)" : ")")
        var header = Array("{'descr': '\(type.rawValue)', 'fortran_order': False, 'shape': \(shapeText), }".utf8)
        let padded = (10 + header.count + 1 + 63) / 64 * 64
        header += [UInt8](repeating: UInt8(ascii: " "), count: padded - 10 - header.count - 1) + [UInt8(ascii: "\n")]
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        bytes.reserveCapacity(padded + 8 * values.count)
        bytes.append(UInt8(header.count & 0xFF))
        bytes.append(UInt8(header.count >> 8))
        bytes += header
        switch type {
        case .float64:
            for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        case .int64:
            for value in values { withUnsafeBytes(of: Int64(value).littleEndian) { bytes += $0 } }
        }
        return bytes
    }

    /// The array in `.npy` bytes: little- or big-endian floats (4, 8 bytes), signed or unsigned integers
    /// (1–8 bytes) or booleans, in C order.
    ///
    /// - Throws: ``HistogramError`` `.invalidUHI` naming `name` when the bytes are not such an array.
    init(decoding bytes: ArraySlice<UInt8>, name: String) throws(HistogramError) {
        func invalid(_ message: String) -> HistogramError { HistogramError(.invalidUHI, "'\(name)': \(message)") }
        let base = bytes.startIndex
        guard bytes.count >= 10, bytes[base] == 0x93, bytes[(base + 1)...(base + 5)].elementsEqual("NUMPY".utf8) else {
            throw invalid("not a .npy array (no \\x93NUMPY magic)")
        }
        let major = bytes[base + 6]
        let lengthBytes = major == 1 ? 2 : 4
        guard (1...3).contains(major), bytes.count >= 8 + lengthBytes else {
            throw invalid(".npy version \(major) is not one this reader knows (1 to 3)")
        }
        let headerLength = bytes.littleEndian(at: 8, lengthBytes)
        let dataStart = 8 + lengthBytes + headerLength
        guard dataStart <= bytes.count else { throw invalid("the .npy header is cut short") }
        let text = bytes[(base + 8 + lengthBytes)..<(base + dataStart)]
        let header: NPYHeader
        if let canonical = NPYHeader(canonical: text) {
            header = canonical
        } else {
            header = try NPYHeader(String(decoding: text, as: UTF8.self), name: name)
        }
        let available = bytes.count - dataStart
        var count = 1
        for extent in header.shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow, product <= available else {
                throw invalid("shape \(header.shape) needs more data than the \(available) bytes the array has")
            }
            count = product
        }
        guard available == count * header.width else {
            throw invalid(
                "shape \(header.shape) needs \(count * header.width) bytes of data, the array has \(available)")
        }
        shape = header.shape
        values = bytes.withUnsafeBytes { raw in
            header.convert(UnsafeRawBufferPointer(rebasing: raw[dataStart...]), count: count)
        }
    }
}
