// Columnar layer: what the JSON members of zip-form files decode to, shared by the decodings of one
// merge. The job outputs of a dataset hold byte-identical JSON members (same axes, categories and
// metadata; only the .npy arrays differ), so parsing the JSON and building the axes once per distinct
// member, instead of once per file, takes most of the non-array work out of a merge.

import Synchronization

/// Decoded histograms by the bytes of their JSON member, for ``UHI/decodeZip(_:cache:)``.
public final class UHIZipDecodeCache: Sendable {
    /// A histogram as its JSON describes it, and the members its storage arrays come from.
    struct Template {
        var histogram: Histogram
        var valuesMember: String
        var variancesMember: String?
    }

    /// A member's JSON bytes, hashed by the CRC-32 the archive stores for them (already checked against the
    /// bytes) instead of hashing the bytes again; equal keys still compare every byte.
    private struct Key: Hashable {
        var json: [UInt8]
        var crc: UInt32

        static func == (lhs: Key, rhs: Key) -> Bool { lhs.crc == rhs.crc && lhs.json == rhs.json }

        func hash(into hasher: inout Hasher) {
            hasher.combine(crc)
            hasher.combine(json.count)
        }
    }

    private let templates = Mutex<[Key: Template]>([:])
    /// Distinct members kept at most; beyond it nothing more is added (a guard against unbounded growth).
    private let capacity: Int

    public init(capacity: Int = 100_000) { self.capacity = capacity }

    /// The template of the member `json` whose CRC-32 is `crc`.
    func template(for json: [UInt8], crc: UInt32) -> Template? {
        templates.withLock { $0[Key(json: json, crc: crc)] }
    }

    func insert(_ template: Template, for json: [UInt8], crc: UInt32) {
        templates.withLock { templates in
            if templates.count < capacity { templates[Key(json: json, crc: crc)] = template }
        }
    }
}

extension UHIZipDecodeCache.Template {
    /// The template of `histogram`, decoded from `node`, when its only out-of-band arrays were its storage
    /// arrays (`loaded`, in the order the decoder asked for them); nil otherwise, such as for edges or a
    /// sparse index kept out of band, which may differ between files with the same JSON.
    init?(_ histogram: Histogram, node: JSONNode, loaded: [String]) {
        guard case .object(let entries) = node,
            case .object(let storageEntries)? = JSONFields(entries: entries)["storage"]
        else { return nil }
        let storage = JSONFields(entries: storageEntries)
        guard storage["index"] == nil, case .string(let values)? = storage["values"] else { return nil }
        var variances: String?
        if case .string(let member)? = storage["variances"] { variances = member }
        guard loaded == [values] + (variances.map { [$0] } ?? []) else { return nil }
        var empty = histogram
        empty.values = []
        if variances != nil { empty.variances = [] }
        self.init(histogram: empty, valuesMember: values, variancesMember: variances)
    }

    /// The histogram `name` with the arrays that `load` reads from this template's members.
    ///
    /// - Throws: ``HistogramError`` from `load`, or `.invalidUHI` when an array's shape is not the axes',
    ///   naming the histogram as a full decoding does.
    func filled(name: String, load: UHI.ArrayLoader) throws(HistogramError) -> Histogram {
        let shape = histogram.shape
        var filled = histogram
        do throws(HistogramError) {
            filled.values = try UHI.outOfBand(valuesMember, shape: shape, key: "values", load)
            if let variancesMember {
                filled.variances = try UHI.outOfBand(variancesMember, shape: shape, key: "variances", load)
            }
        } catch {
            throw error.within("histogram '\(name)'")
        }
        return filled
    }
}
