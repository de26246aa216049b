// Analysis layer: reads each analysis section of the configurator (as written in YAML) and compiles it.

import Columnar
import Configuration

/// Builds an ``AnalysisPlan`` section by section.
struct PlanBuilder {
    let sections: OrderedObject
    let parameters: OrderedObject
    var scope: ExpressionScope

    init(sections: OrderedObject, parameters: OrderedObject, schema: BranchSchema) {
        self.sections = sections
        self.parameters = parameters
        scope = ExpressionScope(schema: schema)
    }

    mutating func build() throws(ConfigurationError) -> AnalysisPlan {
        try defineObjectsAndDefinitions()
        let skim = try cuts("skim")
        let preselections = try cuts("preselections")
        let categories = try categories()
        let weights = try WeightPlan.build(sections["weights"], variations: sections["variations"], builder: &self)
        let variables = try VariablePlan.build(sections["variables"], builder: &self)
        let columns = try ColumnsPlan.build(sections["columns"], categories: categories.map(\.name), builder: &self)
        var plan = AnalysisPlan(scope: scope)
        plan.skim = skim
        plan.preselections = preselections
        plan.categories = categories
        plan.weights = weights
        plan.variables = variables
        plan.columns = columns
        plan.branches = scope.usedBranches
        return plan
    }

    /// Objects and definitions may use each other in any order: each round compiles what it can, until
    /// everything is defined or a round makes no progress (then the first mistake is reported).
    private mutating func defineObjectsAndDefinitions() throws(ConfigurationError) {
        enum Item { case object(String, source: String, condition: String?), definition(String, String) }
        var pending: [Item] = []
        for (name, value) in try mapping("objects") {
            guard let definition = value.objectValue, let source = definition["from"]?.coercedString else {
                throw invalid("objects.\(name)", "an object collection needs 'from:' (and optionally 'where:')")
            }
            for key in definition.keys where key != "from" && key != "where" {
                throw ConfigurationError(
                    .unknownKey, location: "objects.\(name).\(key)", "unknown key '\(key)'", fix: "use from: and where:"
                )
            }
            let condition = definition["where"].flatMap { $0 == .null ? nil : $0 }
            guard condition == nil || condition?.coercedString != nil else {
                throw invalid("objects.\(name).where", "'where' must be one expression")
            }
            pending.append(.object(name, source: source, condition: condition?.coercedString))
        }
        for (name, value) in try mapping("definitions") {
            guard let text = value.coercedString else {
                throw invalid("definitions.\(name)", "a definition is one expression")
            }
            pending.append(.definition(name, text))
        }
        while !pending.isEmpty {
            var failed: [Item] = []
            var firstError: ConfigurationError?
            for item in pending {
                do {
                    switch item {
                    case .object(let name, let source, let condition):
                        try compiling("objects.\(name)") { scope throws(ExpressionError) in
                            try scope.defineObjects(name, from: source, where: condition)
                        }
                    case .definition(let name, let text):
                        try compiling("definitions.\(name)") { scope throws(ExpressionError) in
                            try scope.define(name, text)
                        }
                    }
                } catch {
                    failed.append(item)
                    firstError = firstError ?? error
                }
            }
            if failed.count == pending.count, let firstError { throw firstError }
            pending = failed
        }
    }

    // MARK: - Helpers

    func invalid(_ location: String, _ message: String) -> ConfigurationError {
        ConfigurationError(.invalidValue, location: location, message)
    }

    func mapping(_ section: String) throws(ConfigurationError) -> [(String, ConfigValue)] {
        guard let value = sections[section], value != .null else { return [] }
        guard let object = value.objectValue else { throw invalid(section, "'\(section)' must be a mapping") }
        return object.entries
    }

    /// Runs a compilation step, turning an expression error into a configuration error at `location`.
    mutating func compiling<T>(_ location: String, _ body: (inout ExpressionScope) throws(ExpressionError) -> T)
        throws(ConfigurationError) -> T
    {
        do {
            return try body(&scope)
        } catch {
            throw ConfigurationError(.invalidValue, location: location, error.description)
        }
    }

    mutating func compile(_ text: String, at location: String, expecting types: [ValueType], what: String)
        throws(ConfigurationError) -> Compiled
    {
        try compiling(location) { scope throws(ExpressionError) in try scope.compile(text, expecting: types, what: what)
        }
    }

    mutating func cutList(_ value: ConfigValue?, at location: String) throws(ConfigurationError) -> [AnalysisPlan.Cut] {
        guard let value, value != .null else { return [] }
        guard let items = value.arrayValue ?? value.coercedString.map({ [.string($0)] }) else {
            throw invalid(location, "cuts are a list of expressions")
        }
        var cuts: [AnalysisPlan.Cut] = []
        for (index, item) in items.enumerated() {
            guard let text = item.coercedString else {
                throw invalid("\(location)[\(index)]", "a cut is one expression")
            }
            let compiled = try compile(text, at: "\(location)[\(index)]", expecting: [.boolean], what: "a cut")
            cuts.append(AnalysisPlan.Cut(text: text, compiled: compiled))
        }
        return cuts
    }

    private mutating func cuts(_ section: String) throws(ConfigurationError) -> [AnalysisPlan.Cut] {
        try cutList(sections[section], at: section)
    }

    /// `categories: {name: [cuts]}`, plus `cartesian: {group: {name: [cuts]}, …}` whose products are named
    /// `a_b`. No categories means one, `baseline`.
    private mutating func categories() throws(ConfigurationError) -> [AnalysisPlan.Category] {
        var result: [AnalysisPlan.Category] = []
        for (name, value) in try mapping("categories") {
            if name == "cartesian" {
                result += try cartesian(value)
                continue
            }
            result.append(AnalysisPlan.Category(name: name, cuts: try cutList(value, at: "categories.\(name)")))
        }
        if result.isEmpty { result = [AnalysisPlan.Category(name: "baseline", cuts: [])] }
        var seen = Set<String>()
        for category in result where !seen.insert(category.name).inserted {
            throw invalid("categories.\(category.name)", "category '\(category.name)' is defined twice")
        }
        return result
    }

    private mutating func cartesian(_ value: ConfigValue) throws(ConfigurationError) -> [AnalysisPlan.Category] {
        guard let groups = value.objectValue, !groups.entries.isEmpty else {
            throw invalid("categories.cartesian", "'cartesian' maps group names to {category: [cuts]}")
        }
        var products = [AnalysisPlan.Category(name: "", cuts: [])]
        for (group, members) in groups.entries {
            guard let members = members.objectValue, !members.entries.isEmpty else {
                throw invalid("categories.cartesian.\(group)", "a group maps category names to cuts")
            }
            var next: [AnalysisPlan.Category] = []
            for (name, cuts) in members.entries {
                let compiled = try cutList(cuts, at: "categories.cartesian.\(group).\(name)")
                for product in products {
                    next.append(
                        AnalysisPlan.Category(
                            name: product.name.isEmpty ? name : product.name + "_" + name, cuts: product.cuts + compiled
                        ))
                }
            }
            products = next
        }
        return products
    }
}
