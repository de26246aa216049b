// Columnar layer: UHI's zip form (docs/specs/uhi.md, uhi.io.zip): one member `<name>.json` per
// histogram, in the single-histogram form, whose storage arrays are the names of `.npy` members
// `<name>_storage_values.npy` and `<name>_storage_variances.npy`. The arrays stay binary, so writing
// and merging skip the number formatting and parsing that dominate the JSON form. `uhi validate`
// accepts these files; Python reads them with `uhi.io.zip.read(zipfile.ZipFile(path), name)`.

extension UHI {
    /// Whether `bytes` start like a zip archive (a local header, or the end record of an empty archive).
    public static func isZip(_ bytes: some Collection<UInt8>) -> Bool {
        let head = Array(bytes.prefix(4))
        return head == [0x50, 0x4B, 0x03, 0x04] || head == [0x50, 0x4B, 0x05, 0x06]
    }

    /// The zip form of named histograms, members in the given order (names unique and non-empty).
    ///
    /// - Throws: ``HistogramError`` `.unsupported` for an array of 4 GiB or more.
    public static func encodeZip(ordered histograms: [(name: String, histogram: Histogram)], version: String)
        throws(HistogramError) -> [UInt8]
    {
        let bins = histograms.reduce(0) { $0 + $1.histogram.values.count + $1.histogram.variances.count }
        var archive = ZipArchiveWriter(capacity: 1024 * histograms.count + 8 * bins)
        do throws(ZipArchiveWriter.MemberTooLarge) {
            for (name, histogram) in histograms {
                let shape = histogram.shape
                let type: NPYArray.ElementType = histogram.storage == .int ? .int64 : .float64
                try archive.add(
                    arrayMember(name, "values"), NPYArray.encode(histogram.values, shape: shape, as: type))
                if histogram.storage == .weighted {
                    try archive.add(
                        arrayMember(name, "variances"),
                        NPYArray.encode(histogram.variances, shape: shape, as: .float64))
                }
                var writer = JSONByteWriter(capacity: 512)
                write(histogram, version: version, into: &writer) { key in arrayMember(name, key) }
                try archive.add(name + ".json", writer.bytes)
            }
        } catch {
            throw HistogramError(
                .unsupported,
                "member '\(error.name)' has \(error.size) bytes; zip members of 4 GiB or more are not written")
        }
        return archive.finish()
    }

    /// The histograms of a zip-form file held in memory.
    ///
    /// - Throws: ``HistogramError``: `.truncatedArchive` or `.malformedArchive` for the container, or as
    ///   ``decode(_:)`` for a histogram (its name in the message).
    /// - Parameter cache: decoded JSON members shared with other decodings (a merge's), or nil.
    public static func decodeZip(_ bytes: [UInt8], cache: UHIZipDecodeCache? = nil) throws(HistogramError)
        -> [String: Histogram]
    {
        try decodeZip(ZipArchiveReader(bytes: bytes), only: nil, cache: cache)
    }

    /// Some histograms of a zip-form file read through positioned reads of `size` bytes, without
    /// reading the other members.
    ///
    /// - Parameters:
    ///   - names: the histograms to decode; those the archive lacks are left out of the result.
    ///   - read: returns `count` bytes at `offset` (within `size`).
    public static func decodeZip(
        size: Int, names: Set<String>,
        read: @escaping (_ offset: Int, _ count: Int) throws(HistogramError) -> ArraySlice<UInt8>
    ) throws(HistogramError) -> [String: Histogram] {
        try decodeZip(ZipArchiveReader(size: size, read: read), only: names, cache: nil)
    }

    private static func decodeZip(_ archive: ZipArchiveReader, only names: Set<String>?, cache: UHIZipDecodeCache?)
        throws(HistogramError) -> [String: Histogram]
    {
        let members = Dictionary(archive.entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var histograms: [String: Histogram] = [:]
        for entry in archive.entries where entry.name.hasSuffix(".json") {
            let name = String(entry.name.dropLast(5))
            guard names?.contains(name) ?? true else { continue }
            guard !name.isEmpty else { throw HistogramError(.invalidUHI, "a histogram name is empty") }
            guard histograms[name] == nil else {
                throw HistogramError(.invalidUHI, "histogram '\(name)' appears twice")
            }
            let json = Array(try archive.contents(of: entry))
            func load(_ member: String) throws(HistogramError) -> NPYArray {
                guard let array = members[member] else {
                    throw HistogramError(
                        .malformedArchive, "histogram '\(name)' names member '\(member)', which the archive lacks")
                }
                return try NPYArray(decoding: archive.contents(of: array), name: member)
            }
            if let template = cache?.template(for: json, crc: entry.crc) {
                histograms[name] = try template.filled(name: name, load: load)
                continue
            }
            let node = try JSONNodeParser.parse(json)
            var loaded: [String] = []
            let histogram = try decodeHistogram(node, name: name) { member throws(HistogramError) in
                loaded.append(member)
                return try load(member)
            }
            histograms[name] = histogram
            if let cache, let template = UHIZipDecodeCache.Template(histogram, node: node, loaded: loaded) {
                cache.insert(template, for: json, crc: entry.crc)
            }
        }
        return histograms
    }

    /// The member holding the `key` array of histogram `name`, named as uhi.io.zip names it.
    private static func arrayMember(_ name: String, _ key: String) -> String { "\(name)_storage_\(key).npy" }
}
