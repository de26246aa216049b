// Columnar layer: the UHI JSON serialization of histograms (docs/specs/uhi.md), the format of every
// output file. `uhi validate` accepts what this writes and hist reads it back:
//
//     {
//     "name": {"uhi_schema": 1, "writer_info": {"pocket-coffea": {"version": "…"}}, "axes": [...],
//              "storage": {"type": "weighted", "values": [[...]], "variances": [[...]]}, "metadata": {...}},
//     …
//     }
//
// One histogram per line in the named-dictionary form; keys in a fixed order; axis name and label in
// the axis metadata, as hist writes them; a growing category axis carries
// `writer_info: {"boost-histogram": {"growth": true}}`, the key hist reads to restore growth.

/// Encodes and decodes histograms as UHI JSON.
public enum UHI {
    /// The library name under which this project writes `writer_info`.
    public static let writerName = "pocket-coffea"

    /// UHI JSON of `histograms`, ordered by name.
    ///
    /// - Parameter version: the pocket-coffea version written in each histogram's `writer_info`.
    public static func encode(_ histograms: [String: Histogram], version: String) -> [UInt8] {
        encode(ordered: histograms.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, version: version)
    }

    /// UHI JSON of named histograms in the given order (names must be unique and non-empty).
    public static func encode(ordered histograms: [(name: String, histogram: Histogram)], version: String) -> [UInt8] {
        let bins = histograms.reduce(0) { $0 + $1.histogram.values.count + $1.histogram.variances.count }
        var writer = JSONByteWriter(capacity: 256 * histograms.count + 8 * bins)
        writer.raw("{")
        for (index, entry) in histograms.enumerated() {
            writer.raw(index == 0 ? "\n" : ",\n")
            writer.key(entry.name)
            write(entry.histogram, version: version, into: &writer)
        }
        writer.raw("\n}\n")
        return writer.bytes
    }

    /// The histograms of a UHI JSON file: the named-dictionary form, or a single histogram (named `""`).
    ///
    /// - Throws: ``HistogramError``: `.malformedJSON` or `.truncatedJSON` with the line and column of the problem,
    ///   `.invalidUHI` naming the histogram and key that break the schema, `.unsupported` for mean storages
    ///   and out-of-band (zip) arrays.
    public static func decode(_ bytes: [UInt8]) throws(HistogramError) -> [String: Histogram] {
        let document = try JSONNodeParser.parse(bytes)
        guard case .object(let entries) = document else {
            throw HistogramError(.invalidUHI, "a UHI file is a JSON object, found \(document.kindName)")
        }
        if entries.contains(where: { $0.key == "uhi_schema" }) {
            return ["": try decodeHistogram(document, name: "")]
        }
        var histograms: [String: Histogram] = [:]
        for (name, node) in entries {
            guard !name.isEmpty else { throw HistogramError(.invalidUHI, "a histogram name is empty") }
            guard histograms[name] == nil else {
                throw HistogramError(.invalidUHI, "histogram '\(name)' appears twice")
            }
            histograms[name] = try decodeHistogram(node, name: name)
        }
        return histograms
    }
}
