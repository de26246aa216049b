// ROOTIO layer: the entries of a TLeafC branch (C strings) decoded from a basket's data region, by the
// entry offsets stored after it or, when they are missing, one after the other.

/// TLeafC entries: a length byte (255 then an Int32 for long strings) and the characters.
enum StringEntries {
    static func decode(_ data: UnsafeRawBufferPointer, byteOffsets: [Int32]?, entries: Range<Int>)
        throws(ROOTFormatError) -> [String]
    {
        var cursor = ByteCursor(Array(data))
        var strings: [String] = []
        if let byteOffsets {
            guard byteOffsets.count > entries.upperBound else {
                throw ROOTFormatError(.malformed, "string entry offsets do not match the data")
            }
            for entry in entries {
                try cursor.seek(Int(byteOffsets[entry]))
                strings.append(try cursor.string())
            }
            return strings
        }
        for entry in 0..<entries.upperBound {
            let text = try cursor.string()
            if entry >= entries.lowerBound { strings.append(text) }
        }
        return strings
    }
}
