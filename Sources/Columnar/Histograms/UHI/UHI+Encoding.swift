// Columnar layer: one histogram as a UHI JSON object, keys in hist's order (uhi_schema, writer_info,
// axes, storage, metadata). Data arrays nest one level per axis, flow bins included; a histogram
// without axes stores a single number, as hist writes it. In the zip form the storage arrays are
// names of .npy members instead (UHI+Zip).

extension UHI {
    /// Writes `histogram` as one JSON object.
    ///
    /// - Parameter member: nil to write the storage arrays inline, or the member name of a storage key's
    ///   out-of-band array (zip form).
    static func write(
        _ histogram: Histogram, version: String, into writer: inout JSONByteWriter,
        member: ((_ key: String) -> String)? = nil
    ) {
        writer.raw("{\"uhi_schema\": 1, \"writer_info\": {")
        writer.key(writerName)
        writer.raw("{\"version\": ")
        writer.string(version)
        writer.raw("}}, \"axes\": [")
        for (index, axis) in histogram.axes.enumerated() {
            if index > 0 { writer.raw(", ") }
            write(axis, into: &writer)
        }
        writer.raw("], \"storage\": {\"type\": ")
        writer.string(histogram.storage.rawValue)
        let shape = histogram.shape
        let integers = histogram.storage == .int
        writer.raw(", \"values\": ")
        if let member {
            writer.string(member("values"))
        } else {
            writeArray(histogram.values, shape: shape, integers: integers, into: &writer)
        }
        if histogram.storage == .weighted {
            writer.raw(", \"variances\": ")
            if let member {
                writer.string(member("variances"))
            } else {
                writeArray(histogram.variances, shape: shape, integers: false, into: &writer)
            }
        }
        writer.raw("}")
        if !histogram.metadata.isEmpty {
            writer.raw(", \"metadata\": ")
            writer.sortedObject(histogram.metadata)
        }
        writer.raw("}")
    }

    private static func write(_ axis: HistogramAxis, into writer: inout JSONByteWriter) {
        writer.raw("{\"type\": ")
        writer.string(axis.typeName)
        func flow(_ underflow: Bool, _ overflow: Bool, _ circular: Bool) {
            writer.raw(", \"underflow\": ")
            writer.raw(underflow ? "true" : "false")
            writer.raw(", \"overflow\": ")
            writer.raw(overflow ? "true" : "false")
            writer.raw(", \"circular\": ")
            writer.raw(circular ? "true" : "false")
        }
        switch axis.kind {
        case .regular(let bins, let lower, let upper, let underflow, let overflow, let circular):
            writer.raw(", \"lower\": ")
            writer.number(lower)
            writer.raw(", \"upper\": ")
            writer.number(upper)
            writer.raw(", \"bins\": ")
            writer.integer(bins)
            flow(underflow, overflow, circular)
        case .variable(let edges, let underflow, let overflow, let circular):
            writer.raw(", \"edges\": ")
            writeArray(edges, shape: [edges.count], integers: false, into: &writer)
            flow(underflow, overflow, circular)
        case .stringCategory(let categories, let flow, _):
            writer.raw(", \"categories\": [")
            for (index, category) in categories.enumerated() {
                if index > 0 { writer.raw(", ") }
                writer.string(category)
            }
            writer.raw("], \"flow\": ")
            writer.raw(flow ? "true" : "false")
        case .integerCategory(let categories, let flow, _):
            writer.raw(", \"categories\": [")
            for (index, category) in categories.enumerated() {
                if index > 0 { writer.raw(", ") }
                writer.integer(category)
            }
            writer.raw("], \"flow\": ")
            writer.raw(flow ? "true" : "false")
        case .boolean:
            break
        }
        if axis.growth { writer.raw(", \"writer_info\": {\"boost-histogram\": {\"growth\": true}}") }
        if !axis.name.isEmpty || !axis.label.isEmpty {
            writer.raw(", \"metadata\": {\"name\": ")
            writer.string(axis.name)
            writer.raw(", \"label\": ")
            writer.string(axis.label)
            writer.raw("}")
        }
        writer.raw("}")
    }

    /// Writes `data` (row-major, `shape`) as nested arrays, or as one number when `shape` is empty.
    private static func writeArray(_ data: [Double], shape: [Int], integers: Bool, into writer: inout JSONByteWriter) {
        data.withUnsafeBufferPointer { data in
            guard !shape.isEmpty else { return writeNumber(data.first ?? 0, integers: integers, into: &writer) }
            var offset = 0
            writeLevel(data, shape: shape[...], offset: &offset, integers: integers, into: &writer)
        }
    }

    private static func writeLevel(
        _ data: UnsafeBufferPointer<Double>, shape: ArraySlice<Int>, offset: inout Int, integers: Bool,
        into writer: inout JSONByteWriter
    ) {
        let extent = shape[shape.startIndex]
        writer.raw("[")
        if shape.count == 1 {
            for index in 0..<extent {
                if index > 0 { writer.raw(",") }
                writeNumber(data[offset + index], integers: integers, into: &writer)
            }
            offset += extent
        } else {
            for index in 0..<extent {
                if index > 0 { writer.raw(",") }
                writeLevel(data, shape: shape.dropFirst(), offset: &offset, integers: integers, into: &writer)
            }
        }
        writer.raw("]")
    }

    private static func writeNumber(_ value: Double, integers: Bool, into writer: inout JSONByteWriter) {
        if integers, let whole = Int(exactly: value) { writer.integer(whole) } else { writer.number(value) }
    }
}
