// Corrections layer: a correctionlib file (JSON schema v2, optionally gzipped): its corrections and
// compound corrections, looked up by name.

import Configuration
import Foundation

/// The corrections of one correctionlib JSON file.
///
/// ```swift
/// let set = try CorrectionSet.load(path: "puWeights.json.gz")
/// let pileup = try set.correction("Collisions18_UltraLegacy_goldenJSON")
/// let weight = try pileup.evaluate([.real(31.5), .string("nominal")])
/// ```
public struct CorrectionSet: Sendable {
    /// The file's description, when it has one.
    public var description: String?
    /// The corrections, in file order.
    public var corrections: [Correction]
    /// The compound corrections, in file order.
    public var compoundCorrections: [CompoundCorrection]

    /// Loads a correctionlib file; a `.gz` file (or any file starting with the gzip magic) is inflated first.
    ///
    /// - Throws: ``CorrectionError`` naming the file and the JSON path of the first problem.
    public static func load(path: String) throws(CorrectionError) -> CorrectionSet {
        guard let raw = FileManager.default.contents(atPath: path) else {
            throw CorrectionError(.unreadableFile, file: path, "cannot read the file; check that the path exists")
        }
        do {
            return try parse(Gzip.isCompressed(raw) ? try Gzip.inflate(raw) : [UInt8](raw))
        } catch {
            throw error.inFile(path)
        }
    }

    /// Decodes the JSON text of a correctionlib file.
    ///
    /// - Throws: ``CorrectionError`` with the JSON path of the first problem.
    public static func parse(_ bytes: [UInt8]) throws(CorrectionError) -> CorrectionSet {
        let document: ConfigValue
        do {
            document = try JSONReader.parse(bytes)
        } catch {
            throw CorrectionError(.malformedJSON, location: error.location, error.message)
        }
        return try CorrectionSetDecoder.decode(document)
    }

    /// The correction called `name`.
    ///
    /// - Throws: ``CorrectionError`` listing the names the set has.
    public func correction(_ name: String) throws(CorrectionError) -> Correction {
        guard let found = corrections.first(where: { $0.name == name }) else {
            throw CorrectionError(
                .unknownCorrection, location: name,
                "no correction '\(name)' in the set (it has: \(corrections.map(\.name).joined(separator: ", ")))")
        }
        return found
    }

    /// The compound correction called `name`.
    ///
    /// - Throws: ``CorrectionError`` listing the compound names the set has.
    public func compoundCorrection(_ name: String) throws(CorrectionError) -> CompoundCorrection {
        guard let found = compoundCorrections.first(where: { $0.name == name }) else {
            throw CorrectionError(
                .unknownCorrection, location: name,
                "no compound correction '\(name)' in the set "
                    + "(it has: \(compoundCorrections.map(\.name).joined(separator: ", ")))"
            )
        }
        return found
    }
}
