// Analysis layer: the columns an analysis saves (`columns`) — per-event values, or per-object lists,
// of the events in a category, with their nominal weight, written as ROOT trees beside the output.
//
//   columns:
//     inclusive: [mll, MuonGood.pt]            # saved in every category
//     bycategory: {2j_Zpeak: [{jet_pt: JetGood.pt}]}   # only there; {name: expression} names a column

import Columnar
import Configuration
import Foundation

/// The columns to save, by category.
public struct ColumnsPlan: Sendable {
    /// One saved column: its name in the tree and what it holds.
    public struct Item: Sendable {
        public var name: String
        public var expression: String
        let compiled: Compiled
        /// Whether it holds a list per event (else one value).
        public var perObject: Bool { compiled.type == .jaggedNumber || compiled.type == .jaggedBoolean }
    }

    /// Columns of every category.
    public internal(set) var inclusive: [Item] = []
    /// Columns of one category only.
    public internal(set) var byCategory: [String: [Item]] = [:]

    /// The columns saved in `category`, inclusive ones first.
    public func items(for category: String) -> [Item] { inclusive + (byCategory[category] ?? []) }

    /// Whether any column is saved.
    public var isEmpty: Bool { inclusive.isEmpty && byCategory.isEmpty }

    static func build(_ value: ConfigValue?, categories: [String], builder: inout PlanBuilder)
        throws(ConfigurationError) -> ColumnsPlan
    {
        var plan = ColumnsPlan()
        guard let value, value != .null else { return plan }
        guard let object = value.objectValue else {
            throw builder.invalid("columns", "'columns' has 'inclusive:' (a list) and 'bycategory:' (category: list)")
        }
        for key in object.keys where !["inclusive", "bycategory"].contains(key) {
            throw ConfigurationError(
                .unknownKey, location: "columns.\(key)", "unknown key '\(key)'", fix: "use inclusive or bycategory")
        }
        plan.inclusive = try items(object["inclusive"], at: "columns.inclusive", builder: &builder)
        if let byCategory = object["bycategory"], byCategory != .null {
            guard let entries = byCategory.objectValue?.entries else {
                throw builder.invalid("columns.bycategory", "'bycategory' maps category names to lists of columns")
            }
            for (category, list) in entries {
                guard categories.contains(category) else {
                    throw builder.invalid(
                        "columns.bycategory.\(category)",
                        "no category '\(category)'; the categories are \(categories.joined(separator: ", "))")
                }
                plan.byCategory[category] = try items(list, at: "columns.bycategory.\(category)", builder: &builder)
            }
        }
        for (category, extra) in plan.byCategory {
            let names = (plan.inclusive + extra).map(\.name)
            if let repeated = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
                throw builder.invalid(
                    "columns.bycategory.\(category)", "column '\(repeated)' is named twice in category \(category)")
            }
        }
        return plan
    }

    private static func items(_ value: ConfigValue?, at location: String, builder: inout PlanBuilder)
        throws(ConfigurationError) -> [Item]
    {
        guard let value, value != .null else { return [] }
        guard let list = value.arrayValue else { throw builder.invalid(location, "a list of columns") }
        var items: [Item] = []
        for (index, entry) in list.enumerated() {
            let place = "\(location)[\(index)]"
            let name: String
            let expression: String
            if let text = entry.coercedString {
                (name, expression) = (columnName(text), text)
            } else if let pair = entry.objectValue?.entries, pair.count == 1, let text = pair[0].1.coercedString {
                (name, expression) = (pair[0].0, text)
            } else {
                throw builder.invalid(place, "a column is an expression, or {name: expression}")
            }
            guard !name.isEmpty, name != "weight", !name.hasPrefix("n_") else {
                throw builder.invalid(place, "column name '\(name)' is reserved (weight, n_*) or empty; name it")
            }
            guard !items.contains(where: { $0.name == name }) else {
                throw builder.invalid(place, "column '\(name)' is named twice")
            }
            let compiled = try builder.compile(
                expression, at: place, expecting: [.number, .boolean, .jaggedNumber, .jaggedBoolean],
                what: "a column")
            items.append(Item(name: name, expression: expression, compiled: compiled))
        }
        return items
    }

    /// A branch name for an expression: letters, digits and `_`, other characters made `_`.
    static func columnName(_ expression: String) -> String {
        var name = String(expression.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        while name.contains("__") { name = name.replacingOccurrences(of: "__", with: "_") }
        return name.trimmingCharacters(in: CharacterSet(charactersIn: "_"))
    }
}
