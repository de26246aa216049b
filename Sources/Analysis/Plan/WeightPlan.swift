// Analysis layer: event weights — the built-ins `genWeight` (MC generator weight), `lumi` (the
// year's integrated luminosity from the parameters, pb⁻¹) and `XS` (the dataset's cross section, pb),
// and custom weights defined as expressions, with optional up/down shifts. Weights apply to every
// event (`inclusive`), to some categories (`bycategory`) or to some samples (`bysample`); data events
// have weight 1. `variations` lists the weights whose up/down shifts are histogrammed on the
// variation axis (`NAME_up`, `NAME_down`) beside `nominal`. Histograms hold Σ(genWeight·lumi·XS·…);
// dividing by the dataset's sum of generator weights (stored in the output) normalises MC.
//
//   weights:
//     inclusive: [genWeight, lumi, XS, muonSF]
//     bycategory: {2jets: [btagSF]}
//     bysample: {DYJetsToLL: [dyReweight]}
//     definitions:
//       muonSF: "0.98"
//       btagSF: {nominal: "1.0", up: "1.05", down: "0.95"}
//       pileup: {file: puWeights.json.gz, correction: Collisions18_UltraLegacy_goldenJSON,
//                inputs: [Pileup_nTrueInt, "'nominal'"],
//                up: [Pileup_nTrueInt, "'up'"], down: [Pileup_nTrueInt, "'down'"]}
//   variations: [btagSF, pileup]
//
// A definition with `correction:` is a correctionlib weight (see ``CorrectionWeight``).

import Columnar
import Configuration
import Corrections

/// The weights of an analysis.
public struct WeightPlan: Sendable {
    /// A weight's source.
    enum Source: Sendable {
        case generator, luminosity, crossSection
        case expression(nominal: Compiled, up: Compiled?, down: Compiled?)
        case correction(CorrectionWeight)

        /// Whether the weight has both an up and a down shift.
        var isVaried: Bool {
            switch self {
            case .expression(_, .some, .some): true
            case .correction(let weight): weight.up != nil && weight.down != nil
            default: false
            }
        }
    }

    static let builtins: [String: Source] = ["genWeight": .generator, "lumi": .luminosity, "XS": .crossSection]

    var sources: [String: Source] = [:]
    /// Weights applied to every event.
    public internal(set) var inclusive: [String] = []
    /// Extra weights by category.
    public internal(set) var byCategory: [String: [String]] = [:]
    /// Extra weights by sample.
    public internal(set) var bySample: [String: [String]] = [:]
    /// Weights whose up/down shifts are histogrammed.
    public internal(set) var variations: [String] = []
    /// The luminosity of each year, pb⁻¹, from the parameters (`lumi: {picobarn: {YEAR: value}}`).
    var luminosity: [String: Double] = [:]

    /// The variation names: `nominal`, then `NAME_up`, `NAME_down` for each varied weight.
    public var variationNames: [String] { ["nominal"] + variations.flatMap { [$0 + "_up", $0 + "_down"] } }

    static func build(_ weights: ConfigValue?, variations: ConfigValue?, builder: inout PlanBuilder)
        throws(ConfigurationError) -> WeightPlan
    {
        var plan = WeightPlan()
        if let table = builder.parameters["lumi"]?["picobarn"]?.objectValue {
            for (year, value) in table.entries {
                guard let number = value.coercedDouble else {
                    throw ConfigurationError(
                        .invalidValue, location: "parameters.lumi.picobarn.\(year)", "a luminosity must be a number")
                }
                plan.luminosity[year] = number
            }
        }
        guard let weights, weights != .null else { return plan }
        guard let sections = weights.objectValue else {
            throw builder.invalid("weights", "'weights' maps inclusive, bycategory, bysample and definitions")
        }
        for key in sections.keys where !["inclusive", "bycategory", "bysample", "definitions"].contains(key) {
            throw ConfigurationError(
                .unknownKey, location: "weights.\(key)", "unknown key '\(key)'",
                fix: "use inclusive, bycategory, bysample and definitions")
        }
        var files: [String: CorrectionSet] = [:]
        for (name, value) in sections["definitions"]?.objectValue?.entries ?? [] {
            guard builtins[name] == nil else {
                throw builder.invalid("weights.definitions.\(name)", "'\(name)' is a built-in weight")
            }
            if let object = value.objectValue, object["correction"] != nil {
                plan.sources[name] = .correction(
                    try CorrectionWeight.build(name, object, files: &files, builder: &builder))
            } else {
                plan.sources[name] = try definition(name, value, builder: &builder)
            }
        }
        plan.inclusive = try names(sections["inclusive"], at: "weights.inclusive", plan: plan, builder: builder)
        for (category, value) in sections["bycategory"]?.objectValue?.entries ?? [] {
            plan.byCategory[category] = try names(
                value, at: "weights.bycategory.\(category)", plan: plan, builder: builder)
        }
        for (sample, value) in sections["bysample"]?.objectValue?.entries ?? [] {
            plan.bySample[sample] = try names(value, at: "weights.bysample.\(sample)", plan: plan, builder: builder)
        }
        if let variations, variations != .null {
            plan.variations = try names(variations, at: "variations", plan: plan, builder: builder)
            for name in plan.variations where plan.sources[name]?.isVaried != true {
                throw builder.invalid("variations", "weight '\(name)' has no up and down expressions to vary")
            }
        }
        let used = Set(plan.inclusive + plan.byCategory.values.joined() + plan.bySample.values.joined())
        for name in plan.sources.keys where !used.contains(name) {
            throw builder.invalid("weights.definitions.\(name)", "weight '\(name)' is defined but never applied")
        }
        return plan
    }

    private static func definition(_ name: String, _ value: ConfigValue, builder: inout PlanBuilder)
        throws(ConfigurationError) -> Source
    {
        let location = "weights.definitions.\(name)"
        if let text = value.coercedString {
            return .expression(
                nominal: try builder.compile(text, at: location, expecting: [.number], what: "a weight"), up: nil,
                down: nil)
        }
        guard let parts = value.objectValue, let nominal = parts["nominal"]?.coercedString else {
            throw builder.invalid(location, "a weight is an expression, or {nominal: …, up: …, down: …}")
        }
        func optional(_ key: String, builder: inout PlanBuilder) throws(ConfigurationError) -> Compiled? {
            guard let text = parts[key]?.coercedString else { return nil }
            return try builder.compile(text, at: "\(location).\(key)", expecting: [.number], what: "a weight")
        }
        return .expression(
            nominal: try builder.compile(nominal, at: "\(location).nominal", expecting: [.number], what: "a weight"),
            up: try optional("up", builder: &builder), down: try optional("down", builder: &builder))
    }

    private static func names(_ value: ConfigValue?, at location: String, plan: WeightPlan, builder: PlanBuilder)
        throws(ConfigurationError) -> [String]
    {
        guard let value, value != .null else { return [] }
        guard let names = value.coercedStringList else { throw builder.invalid(location, "a list of weight names") }
        for name in names where builtins[name] == nil && plan.sources[name] == nil {
            throw ConfigurationError(
                .invalidValue, location: location, "unknown weight '\(name)'",
                fix: "use genWeight, lumi, XS or a weight from weights.definitions")
        }
        return names
    }

    /// The weights that apply to events of `sample` in `category`.
    func names(category: String, sample: String) -> [String] {
        inclusive + (byCategory[category] ?? []) + (bySample[sample] ?? [])
    }
}
