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
            node = try Yams.compose(yaml: text)
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
            return convert(scalar, tag: node.tag)
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

    private static func convert(_ scalar: Node.Scalar, tag: Tag) -> ConfigValue {
        let node = Node.scalar(scalar)
        switch tag.description {
        case Tag.Name.null.rawValue: return .null
        case Tag.Name.bool.rawValue: return node.bool.map(ConfigValue.bool) ?? .string(scalar.string)
        case Tag.Name.int.rawValue: return node.int.map(ConfigValue.int) ?? .string(scalar.string)
        case Tag.Name.float.rawValue: return node.float.map(ConfigValue.double) ?? .string(scalar.string)
        default: return .string(scalar.string)
        }
    }

    private static func position(_ node: Node) -> String? {
        node.mark.map { "\($0.line):\($0.column)" }
    }
}
