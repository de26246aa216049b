// Columnar layer: a UHI histogram object back into a Histogram. Reads what hist and this project
// write: the five axis types (name and label from the axis metadata, growth from
// `writer_info["boost-histogram"].growth`), int/double/weighted storage as nested arrays, a single
// number, sparse (`index`) or empty form. Other axis metadata and all writer_info are not kept.
// In the zip form an array may be the name of a .npy member, which `arrays` loads.

extension UHI {
    /// Loads the out-of-band array a zip-form histogram names.
    typealias ArrayLoader = (_ member: String) throws(HistogramError) -> NPYArray

    static func decodeHistogram(_ node: JSONNode, name: String, arrays: ArrayLoader? = nil) throws(HistogramError)
        -> Histogram
    {
        do throws(HistogramError) {
            let fields = try object(node, "the histogram")
            guard case .number(1, _)? = fields["uhi_schema"] else {
                throw invalid(
                    "'uhi_schema' must be 1 (the only version this reader knows), found \(describe(fields["uhi_schema"]))"
                )
            }
            guard let axesNode = fields["axes"] else { throw invalid("the required key 'axes' is missing") }
            var axes: [HistogramAxis] = []
            for (index, axisNode) in try items(axesNode, "'axes'").enumerated() {
                do throws(HistogramError) {
                    axes.append(try axis(axisNode, arrays: arrays))
                } catch {
                    throw error.within("axis \(index)")
                }
            }
            guard let storageNode = fields["storage"] else { throw invalid("the required key 'storage' is missing") }
            let metadata = try fields["metadata"].map { node throws(HistogramError) in try scalars(node, "'metadata'") }
            return try storage(storageNode, axes: axes, metadata: metadata ?? [:], arrays: arrays)
        } catch {
            throw error.within("histogram '\(name)'")
        }
    }

    // MARK: - Axes

    private static func axis(_ node: JSONNode, arrays: ArrayLoader?) throws(HistogramError) -> HistogramAxis {
        let fields = try object(node, "an axis")
        let metadata = try fields["metadata"].map { node throws(HistogramError) in try scalars(node, "'metadata'") }
        let name = metadata?["name"]?.stringValue ?? ""
        let label = metadata?["label"]?.stringValue ?? ""
        var growth = false
        if let writerInfo = fields["writer_info"] {
            let libraries = try object(writerInfo, "'writer_info'")
            if let boost = libraries["boost-histogram"] {
                growth = try scalars(boost, "'writer_info.boost-histogram'")["growth"]?.boolValue ?? false
            }
        }
        let type = try string(fields, "type")
        switch type {
        case "regular":
            guard let bins = try number(fields, "bins").intValue else { throw invalid("'bins' must be an integer") }
            return try .regular(
                bins: bins, lower: try number(fields, "lower").value, upper: try number(fields, "upper").value,
                name: name, label: label, underflow: try bool(fields, "underflow"),
                overflow: try bool(fields, "overflow"), circular: try bool(fields, "circular"))
        case "variable":
            guard let edgesNode = fields["edges"] else { throw invalid("the required key 'edges' is missing") }
            return try .variable(
                edges: try numbers(resolve(edgesNode, arrays), "'edges'").values, name: name, label: label,
                underflow: try bool(fields, "underflow"), overflow: try bool(fields, "overflow"),
                circular: try bool(fields, "circular"))
        case "category_str":
            guard let categoriesNode = fields["categories"] else {
                throw invalid("the required key 'categories' is missing")
            }
            var categories: [String] = []
            for item in try items(categoriesNode, "'categories'") {
                guard case .string(let category) = item else {
                    throw invalid("category_str categories must be strings, found \(item.kindName)")
                }
                categories.append(category)
            }
            return try .stringCategory(
                categories, name: name, label: label, growth: growth, flow: try bool(fields, "flow"))
        case "category_int":
            guard let categoriesNode = fields["categories"] else {
                throw invalid("the required key 'categories' is missing")
            }
            let (values, integers) = try numbers(categoriesNode, "'categories'")
            let categories = values.compactMap { Int(exactly: $0) }
            guard integers, categories.count == values.count else {
                throw invalid("category_int categories must be integers")
            }
            return try .integerCategory(
                categories, name: name, label: label, growth: growth, flow: try bool(fields, "flow"))
        case "boolean":
            return .boolean(name: name, label: label)
        default:
            throw invalid(
                "unknown axis type '\(type)' (expected regular, variable, category_str, category_int or boolean)")
        }
    }

    // MARK: - Storage

    private static func storage(
        _ node: JSONNode, axes: [HistogramAxis], metadata: [String: MetadataValue], arrays: ArrayLoader?
    ) throws(HistogramError) -> Histogram {
        let fields = try object(node, "'storage'")
        let type = try string(fields, "type")
        guard let storage = Histogram.Storage(rawValue: type) else {
            if type == "mean" || type == "weighted_mean" {
                throw HistogramError(.unsupported, "storage '\(type)' is not supported (int, double and weighted are)")
            }
            throw invalid("unknown storage type '\(type)'")
        }
        let keys = storage == .weighted ? ["values", "variances"] : ["values"]
        let present = keys.filter { fields[$0] != nil }
        guard !present.isEmpty else { return Histogram(axes: axes, storage: storage, metadata: metadata) }
        guard present.count == keys.count else {
            throw invalid("\(type) storage needs \(keys.joined(separator: " and ")) together")
        }
        let shape = axes.map(\.extent)
        let loader = arrays
        var arrays: [[Double]] = []
        for key in keys {
            guard let data = fields[key] else { continue }
            if let index = fields["index"] {
                arrays.append(
                    try sparse(resolve(data, loader), index: resolve(index, loader), shape: shape, key: key))
            } else if case .string(let member) = data, let loader {
                arrays.append(try outOfBand(member, shape: shape, key: key, loader))
            } else {
                var flat: [Double] = []
                flat.reserveCapacity(shape.reduce(1, *))
                try flatten(data, shape: shape[...], into: &flat, key: key)
                arrays.append(flat)
            }
        }
        return try Histogram(
            axes: axes, storage: storage, values: arrays[0], variances: storage == .weighted ? arrays[1] : [],
            metadata: metadata)
    }

    /// The values of the out-of-band array `member`, which must have `shape` (or one value for no axes).
    static func outOfBand(_ member: String, shape: [Int], key: String, _ loader: ArrayLoader)
        throws(HistogramError) -> [Double]
    {
        let array = try loader(member)
        guard array.shape == shape || (shape.isEmpty && array.values.count == 1) else {
            throw invalid(
                "'\(key)' (\(member)) has shape \(array.shape) where the axes give \(shape) (flow bins included)")
        }
        return array.values
    }

    /// `node`, or the out-of-band array it names (a number, numbers, or rows of numbers) when a loader is given.
    private static func resolve(_ node: JSONNode, _ loader: ArrayLoader?) throws(HistogramError) -> JSONNode {
        guard case .string(let member) = node, let loader else { return node }
        let array = try loader(member)
        switch array.shape.count {
        case 0: return .number(array.values.first ?? 0, isInteger: false)
        case 1: return .numbers(array.values, allIntegers: false)
        case 2:
            let width = array.shape[1]
            return .array(
                (0..<array.shape[0]).map { row in
                    .numbers(Array(array.values[row * width..<(row + 1) * width]), allIntegers: false)
                })
        default:
            throw invalid("'\(member)' has \(array.shape.count) dimensions where edges and indices have at most 2")
        }
    }

    /// Appends the numbers of a nested array of `shape` to `flat`, checking every level's length.
    private static func flatten(_ node: JSONNode, shape: ArraySlice<Int>, into flat: inout [Double], key: String)
        throws(HistogramError)
    {
        switch node {
        case .number(let value, _) where shape.isEmpty:
            flat.append(value)
        case .numbers(let values, _) where shape.count == 1 || (shape.isEmpty && values.count == 1):
            guard values.count == shape.first ?? 1 else {
                throw invalid("'\(key)' has \(values.count) numbers where the axes give \(shape.first ?? 1)")
            }
            flat.append(contentsOf: values)
        case .array(let items) where !shape.isEmpty:
            if shape.reduce(1, *) == 0, items.allSatisfy({ if case .array = $0 { true } else { false } }) { return }
            guard items.count == shape[shape.startIndex] else {
                throw invalid("'\(key)' has \(items.count) rows where the axes give \(shape[shape.startIndex])")
            }
            for item in items { try flatten(item, shape: shape.dropFirst(), into: &flat, key: key) }
        case .string:
            throw HistogramError(.unsupported, "'\(key)' names an out-of-band array, which only the zip form holds")
        default:
            throw invalid("'\(key)' does not match the axes' shape \(Array(shape)) (flow bins included)")
        }
    }

    /// The dense array of a sparse storage array: `index[axis][k]` is the bin of entry `k` along `axis`.
    private static func sparse(_ data: JSONNode, index: JSONNode, shape: [Int], key: String) throws(HistogramError)
        -> [Double]
    {
        let rows = try items(index, "'index'")
        guard rows.count == shape.count else { throw invalid("'index' has \(rows.count) rows for \(shape.count) axes") }
        let bins = try rows.map { row throws(HistogramError) in try numbers(row, "'index'").values }
        let entries = try numbers(data, "'\(key)'").values
        var dense = [Double](repeating: 0, count: shape.reduce(1, *))
        for (entry, value) in entries.enumerated() {
            var offset = 0
            for (axis, extent) in shape.enumerated() {
                guard entry < bins[axis].count, let bin = Int(exactly: bins[axis][entry]), (0..<extent).contains(bin)
                else { throw invalid("'index' entry \(entry) is missing or out of range on axis \(axis)") }
                offset = offset * extent + bin
            }
            dense[offset] = value
        }
        return dense
    }

    // MARK: - Typed access

    private static func object(_ node: JSONNode, _ what: String) throws(HistogramError) -> JSONFields {
        guard case .object(let entries) = node else {
            throw invalid("\(what) must be an object, found \(node.kindName)")
        }
        return JSONFields(entries: entries)
    }

    private static func items(_ node: JSONNode, _ what: String) throws(HistogramError) -> [JSONNode] {
        switch node {
        case .array(let items): return items
        case .numbers(let values, _): return values.map { .number($0, isInteger: Int(exactly: $0) != nil) }
        default: throw invalid("\(what) must be an array, found \(node.kindName)")
        }
    }

    private static func numbers(_ node: JSONNode, _ what: String) throws(HistogramError) -> (
        values: [Double], integers: Bool
    ) {
        switch node {
        case .numbers(let values, let integers): return (values, integers)
        case .array(let items) where items.isEmpty: return ([], true)
        case .string:
            throw HistogramError(.unsupported, "\(what) names an out-of-band array, which only the zip form holds")
        default: throw invalid("\(what) must be an array of numbers, found \(node.kindName)")
        }
    }

    private static func scalars(_ node: JSONNode, _ what: String) throws(HistogramError) -> [String: MetadataValue] {
        var values: [String: MetadataValue] = [:]
        for (key, value) in try object(node, what).entries where values[key] == nil {
            switch value {
            case .string(let text): values[key] = .string(text)
            case .bool(let flag): values[key] = .bool(flag)
            case .number(let number, let isInteger):
                values[key] =
                    isInteger ? Int(exactly: number).map(MetadataValue.int) ?? .double(number) : .double(number)
            default:
                throw invalid("\(what) value '\(key)' must be a string, number or boolean, found \(value.kindName)")
            }
        }
        return values
    }

    private static func string(_ fields: JSONFields, _ key: String) throws(HistogramError) -> String {
        guard case .string(let text)? = fields[key] else {
            throw invalid("'\(key)' must be a string, found \(describe(fields[key]))")
        }
        return text
    }

    private static func number(_ fields: JSONFields, _ key: String) throws(HistogramError) -> (
        value: Double, intValue: Int?
    ) {
        guard case .number(let value, let isInteger)? = fields[key] else {
            throw invalid("'\(key)' must be a number, found \(describe(fields[key]))")
        }
        return (value, isInteger ? Int(exactly: value) : nil)
    }

    private static func bool(_ fields: JSONFields, _ key: String) throws(HistogramError) -> Bool {
        guard case .bool(let flag)? = fields[key] else {
            throw invalid("'\(key)' must be true or false, found \(describe(fields[key]))")
        }
        return flag
    }

    private static func describe(_ node: JSONNode?) -> String { node.map(\.kindName) ?? "nothing (the key is missing)" }

    private static func invalid(_ message: String) -> HistogramError { HistogramError(.invalidUHI, message) }
}

/// The members of a JSON object, first one winning for a repeated key. UHI objects have a handful of
/// keys, so a linear search beats hashing them into a dictionary (merging decodes millions of them).
struct JSONFields {
    var entries: [(key: String, value: JSONNode)]

    subscript(key: String) -> JSONNode? { entries.first { $0.key == key }?.value }
}
