// Analysis layer: the analysis sections of a configurator, checked and compiled against the schema of
// the input tree — objects, definitions, skim, preselections, categories, weights, variations,
// variables and columns. Every mistake is one ConfigurationError naming the section, the key and the position in
// the expression, before any event is read.

import Columnar
import Configuration

/// A compiled analysis: what to compute on each chunk of events.
public struct AnalysisPlan: Sendable {
    /// A named cut.
    public struct Cut: Sendable {
        public var text: String
        let compiled: Compiled
    }

    /// A category: a name and the cuts an event must pass, on top of the preselection.
    public struct Category: Sendable {
        public var name: String
        let cuts: [Cut]
    }

    /// Event-level cuts applied to every event before objects (cheap, on raw branches).
    public internal(set) var skim: [Cut] = []
    /// Cuts after objects are built.
    public internal(set) var preselections: [Cut] = []
    /// The categories, in order (cartesian products expanded).
    public internal(set) var categories: [Category] = []
    /// The weights.
    public internal(set) var weights = WeightPlan()
    /// The histograms.
    public internal(set) var variables: [VariablePlan] = []
    /// The columns saved per category.
    public internal(set) var columns = ColumnsPlan()
    /// The branches the analysis reads.
    public internal(set) var branches: Set<String> = []
    /// The compiler state (objects and definitions).
    let scope: ExpressionScope

    /// Compiles the analysis sections of `configurator` against `schema`.
    ///
    /// - Throws: ``ConfigurationError`` naming the section, key and expression position of the first mistake.
    public static func compile(_ configurator: AnalysisConfigurator, schema: BranchSchema) throws(ConfigurationError)
        -> AnalysisPlan
    {
        var builder = PlanBuilder(sections: configurator.analysis, parameters: configurator.parameters, schema: schema)
        return try builder.build()
    }

    init(scope: ExpressionScope) {
        self.scope = scope
    }
}
