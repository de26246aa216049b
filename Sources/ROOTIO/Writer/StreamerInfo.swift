// ROOTIO writer: the StreamerInfo record — a TList of TStreamerInfo (v9) objects that describe the
// classes a file holds, so that ROOT and uproot can read them whatever their own class versions
// (docs/specs/root_format.md §4). The descriptions are in StreamerInfo+Classes.swift.

/// The description of one class version.
struct StreamerInfo {
    var className: String
    var version: Int32
    var checksum: UInt32
    var elements: [StreamerElement]

    /// TObject::fBits of the TStreamerInfo objects ROOT writes.
    private static let infoBits: UInt32 = 0x0301_0000

    /// The payload of the `StreamerInfo` key: a TList of `infos`, each followed by an empty option.
    static func listPayload(_ infos: [StreamerInfo], keyLength: Int) -> [UInt8] {
        var writer = ObjectWriter(origin: keyLength)
        writer.object(version: 5) { writer in
            writer.tObject()
            writer.buffer.string("")
            writer.buffer.i32(infos.count)
            for info in infos {
                writer.newObject("TStreamerInfo") { writer in info.write(&writer) }
                writer.buffer.string("")
            }
        }
        return writer.buffer.bytes
    }

    private func write(_ writer: inout ObjectWriter) {
        writer.object(version: 9) { writer in
            writer.tNamed(className, "", bits: Self.infoBits)
            writer.buffer.u32(checksum)
            writer.buffer.i32(version)
            writer.newObject("TObjArray") { writer in
                writer.objArray(count: elements.count) { writer in
                    for element in elements {
                        writer.newObject(element.className) { writer in element.write(&writer) }
                    }
                }
            }
        }
    }
}
