// Configuration layer: YAML documents (run options, analysis configurators) into ConfigValue,
// keeping key order. Syntax errors become one-line ConfigurationErrors with the line and column.

import Foundation
import Yams

/// Parses YAML text into a ``ConfigValue``.
public enum YAMLReader {
    /// Parses one YAML document; an empty document is `.null`.
    public static func parse(_ text: String) throws(ConfigurationError) -> ConfigValue {
        let node: Node?
        do {
            // The basic resolver leaves every scalar a string; ``YAMLPlainScalar`` types the plain ones.
            node = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            let headline = String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            throw ConfigurationError(.malformedSyntax, "invalid YAML: \(headline)")
        } catch {
            throw ConfigurationError(.malformedSyntax, "invalid YAML: \(error)")
        }
        guard let node else { return .null }
        return try convert(node)
    }

    /// Reads and parses a YAML file; errors name the file.
    public static func parse(contentsOf path: String) throws(ConfigurationError) -> ConfigValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(
                .unreadableFile, file: path, "cannot read the file", fix: "check that the path exists")
        }
        do {
            return try parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw error.inFile(path)
        }
    }

    private static func convert(_ node: Node) throws(ConfigurationError) -> ConfigValue {
        switch node {
        case .scalar(let scalar):
            return convert(scalar)
        case .sequence(let sequence):
            var items: [ConfigValue] = []
            for item in sequence { items.append(try convert(item)) }
            return .array(items)
        case .mapping(let mapping):
            var object = OrderedObject()
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.string else {
                    throw ConfigurationError(
                        .malformedSyntax, location: position(keyNode), "mapping keys must be plain values")
                }
                object[key] = try convert(valueNode)
            }
            return .object(object)
        case .alias:
            throw ConfigurationError(.malformedSyntax, location: position(node), "YAML aliases are not supported")
        }
    }

    /// A scalar's value. Its tag as parsed is empty for a plain scalar without one (typed here by
    /// ``YAMLPlainScalar``), `str` for a quoted or block scalar, or the tag written (`!!int 5`). Values are
    /// read by Yams' constructors, which refuse a scalar tagged as a string, hence the explicit tags (and
    /// numbers in quotes even when tagged, hence the scalar's own style).
    private static func convert(_ scalar: Node.Scalar) -> ConfigValue {
        let kind: YAMLPlainScalar
        switch scalar.tag.description {
        case Tag.Name.implicit.rawValue: kind = YAMLPlainScalar(scalar.string)
        case Tag.Name.null.rawValue: kind = .null
        case Tag.Name.bool.rawValue: kind = .bool
        case Tag.Name.int.rawValue: kind = .int
        case Tag.Name.float.rawValue: kind = .float
        default: kind = .string
        }
        func tagged(_ name: Tag.Name) -> Node.Scalar {
            Node.Scalar(scalar.string, Tag(name, .basic, .default), scalar.style)
        }
        switch kind {
        case .null: return .null
        case .bool: return Bool.construct(from: tagged(.bool)).map(ConfigValue.bool) ?? .string(scalar.string)
        case .int: return Int.construct(from: tagged(.int)).map(ConfigValue.int) ?? .string(scalar.string)
        case .float: return Double.construct(from: tagged(.float)).map(ConfigValue.double) ?? .string(scalar.string)
        case .string: return .string(scalar.string)
        }
    }

    private static func position(_ node: Node) -> String? {
        node.mark.map { "\($0.line):\($0.column)" }
    }
}
