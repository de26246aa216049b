// Analysis layer: one chunk of events through the analysis — generator weights, skim, objects,
// preselection, categories, weights and their variations, histograms and the cutflow.

import Columnar
import ROOTIO

/// Runs a compiled plan on chunks of one dataset.
public struct ChunkProcessor: Sendable {
    public let plan: AnalysisPlan
    public let dataset: DatasetInfo
    /// Events evaluated together: a chunk is processed a block at a time.
    public let blockSize: Int

    /// The default ``blockSize``. A block's intermediate arrays (object masks, pair and triplet
    /// quantities) then take a few MB instead of a whole chunk's tens of MB, and a process touches that
    /// much new memory once. Touching new memory is what costs: on the benchmark's virtual machine a MB
    /// never used before takes ~2 ms to fault in (0.5 GB/s), and chunks of 100,000 events made the
    /// trijet query 20% slower when it started after a pause than right after another run
    /// (Benchmarks/README.md). Smaller blocks add per-block work (the cutflow and histogram calls) that
    /// the light queries notice below a few thousand events.
    public static let defaultBlockSize = 16_384

    public init(plan: AnalysisPlan, dataset: DatasetInfo, blockSize: Int = defaultBlockSize) {
        precondition(blockSize > 0, "a block of \(blockSize) events")
        self.plan = plan
        self.dataset = dataset
        self.blockSize = blockSize
    }

    /// The branches to read: the analysis's, plus `genWeight` for MC.
    public var branches: [String] {
        var names = plan.branches
        if dataset.isMC { names.insert("genWeight") }
        return names.sorted()
    }

    /// Processes the events of `columns` (`entries` events) into `sink`, a block of events at a time.
    public func process<Sink: ResultSink>(_ columns: [String: Column], entries: Int, into sink: inout Sink) throws {
        for variable in plan.variables { try sink.declare(variable, variations: plan.weights.variationNames) }
        var start = 0
        repeat {
            let end = min(entries, start + blockSize)
            try processBlock(EventFrame(columns: columns, events: start..<end), into: &sink)
            start = end
        } while start < entries
    }

    private func processBlock<Sink: ResultSink>(_ all: EventFrame, into sink: inout Sink) throws {
        let generator = try generatorWeights(all)
        if let origin = dataset.skimOrigin {
            // A skim's events stand for the original dataset: each adds its share of the original sums,
            // so all chunks of all jobs add up to them (PocketCoffea restores them from the metadata).
            let share = Double(all.count) / origin.keptEvents
            try sink.addGeneratorWeights(
                dataset: dataset.name, sum: origin.sumGenweights * share, signSum: origin.sumSignOfGenweights * share)
        } else if case .values(let generator) = generator {
            try sink.addGeneratorWeights(
                dataset: dataset.name, sum: generator.reduce(0, +),
                signSum: generator.reduce(0) { $0 + ($1 > 0 ? 1 : $1 < 0 ? -1 : 0) })
        }
        try record(&sink, "initial", weights: generator)

        let skimmed = try select(Evaluation(frame: all), plan.skim)
        try record(&sink, "skim", weights: try generatorWeights(skimmed.frame))

        let evaluation = try select(skimmed, plan.preselections)
        let count = evaluation.frame.count
        var factors = try weightFactors(evaluation, count: count)
        try record(
            &sink, "presel",
            weights: product(plan.weights.inclusive + (plan.weights.bySample[dataset.sample] ?? []), factors, count))

        var axisValues: [String: [AxisValues]] = [:]
        for variable in plan.variables {
            axisValues[variable.name] = try variable.axes.map {
                try AxisValues(evaluation.evaluate($0.compiled), count: count)
            }
        }
        for category in plan.categories {
            let mask = try categoryMask(category, evaluation, count: count)
            let names = plan.weights.names(category: category.name, sample: dataset.sample)
            let nominal = product(names, factors, count)
            try record(&sink, category.name, weights: nominal, mask: mask)
            let columns = plan.columns.items(for: category.name)
            if !columns.isEmpty {
                try sink.saveColumns(
                    dataset: dataset.name, category: category.name,
                    table: columnTable(
                        columns, evaluation, mask: mask ?? [Bool](repeating: true, count: count), weights: nominal))
            }
            for variation in plan.weights.variationNames {
                let weights: EventWeights
                if variation == "nominal" {
                    weights = nominal
                } else {
                    let (name, shift) = Self.split(variation)
                    guard names.contains(name) else { continue }
                    let saved = factors[name]
                    factors[name] = factors[shift == "up" ? name + "_up" : name + "_down"]
                    weights = product(names, factors, count)
                    factors[name] = saved
                }
                for variable in plan.variables {
                    let (values, entryWeights) = AxisValues.entries(
                        axisValues[variable.name] ?? [], mask: mask, count: count, weights: weights)
                    try sink.fill(
                        variable: variable.name, dataset: dataset.name, category: category.name, variation: variation,
                        values: values, weights: entryWeights)
                }
            }
        }
    }

    /// The events passing a category's cuts; nil for a category without cuts (every event), so that no
    /// step scans a mask of trues.
    private func categoryMask(_ category: AnalysisPlan.Category, _ evaluation: Evaluation, count: Int) throws
        -> [Bool]?
    {
        guard !category.cuts.isEmpty else { return nil }
        return Masks.intersection(
            try category.cuts.map { try evaluation.evaluate($0.compiled).eventBooleans(count: count) }, count: count)
    }

    /// The saved columns of the events in `mask`, with their nominal weights.
    private func columnTable(
        _ items: [ColumnsPlan.Item], _ evaluation: Evaluation, mask: [Bool], weights: EventWeights
    ) throws -> ColumnTable {
        let events = Masks.truePositions(mask).map { Int($0) }
        var columns: [ColumnTable.Column] = []
        for item in items {
            switch try AxisValues(evaluation.evaluate(item.compiled), count: mask.count) {
            case .perEvent(let numbers):
                columns.append(.init(name: item.name, values: events.map { numbers[$0] }, counts: nil))
            case .perObject(let lists):
                var values: [Double] = []
                var counts: [Int32] = []
                counts.reserveCapacity(events.count)
                for event in events {
                    let range = Int(lists.offsets[event])..<Int(lists.offsets[event + 1])
                    values += lists.content[range]
                    counts.append(Int32(range.count))
                }
                columns.append(.init(name: item.name, values: values, counts: counts))
            }
        }
        let weights = weights.array
        return ColumnTable(columns: columns, weights: events.map { weights[$0] })
    }

    private static func split(_ variation: String) -> (String, String) {
        let shift = variation.hasSuffix("_up") ? "up" : "down"
        return (String(variation.dropLast(shift.count + 1)), shift)
    }

    /// The events passing every cut. Each cut narrows the frame before the next is evaluated, so a
    /// costly later cut (a pair mass) runs only on the events still in; objects and definitions cached
    /// in `evaluation` are kept while no event is dropped.
    private func select(_ evaluation: Evaluation, _ cuts: [AnalysisPlan.Cut]) throws -> Evaluation {
        var current = evaluation
        for cut in cuts {
            let flags = try current.evaluate(cut.compiled).eventBooleans(count: current.frame.count)
            if flags.contains(false) { current = Evaluation(frame: current.frame.selecting(flags)) }
        }
        return current
    }

    /// The generator weights of a frame's events (MC), or weight 1 for each (data).
    private func generatorWeights(_ frame: EventFrame) throws -> EventWeights {
        dataset.isMC ? .values(try frame.numbers("genWeight")) : .unit(count: frame.count)
    }

    /// Every weight's per-event factor (and `NAME_up`/`NAME_down` shifts); none for data, whose events
    /// weigh 1.
    private func weightFactors(_ evaluation: Evaluation, count: Int) throws -> [String: [Double]] {
        var factors: [String: [Double]] = [:]
        guard dataset.isMC else { return factors }
        let used = Set(
            plan.weights.inclusive + plan.weights.byCategory.values.joined() + plan.weights.bySample.values.joined())
        for name in used {
            switch WeightPlan.builtins[name] ?? plan.weights.sources[name] {
            case .generator: factors[name] = try evaluation.frame.numbers("genWeight")
            case .luminosity:
                guard let year = dataset.year, let luminosity = plan.weights.luminosity[year] else {
                    throw EvaluationError(
                        "dataset \(dataset.name): no luminosity for year '\(dataset.year ?? "none")' in parameters lumi.picobarn"
                    )
                }
                factors[name] = Array(repeating: luminosity, count: count)
            case .crossSection:
                guard let crossSection = dataset.crossSection else {
                    throw EvaluationError("dataset \(dataset.name): the XS weight needs 'xsec' in the dataset metadata")
                }
                factors[name] = Array(repeating: crossSection, count: count)
            case .expression(let nominal, let up, let down):
                factors[name] = try evaluation.evaluate(nominal).eventNumbers(count: count)
                if let up { factors[name + "_up"] = try evaluation.evaluate(up).eventNumbers(count: count) }
                if let down { factors[name + "_down"] = try evaluation.evaluate(down).eventNumbers(count: count) }
            case .correction(let weight):
                factors[name] = try weight.factors(weight.nominal, weight: name, evaluation: evaluation, count: count)
                if let up = weight.up {
                    factors[name + "_up"] = try weight.factors(up, weight: name, evaluation: evaluation, count: count)
                }
                if let down = weight.down {
                    factors[name + "_down"] = try weight.factors(
                        down, weight: name, evaluation: evaluation, count: count)
                }
            case nil:
                throw EvaluationError("unknown weight '\(name)'")
            }
        }
        return factors
    }

    private func product(_ names: [String], _ factors: [String: [Double]], _ count: Int) -> EventWeights {
        EventWeights.product(names.compactMap { factors[$0] }, count: count)
    }

    private func record<Sink: ResultSink>(
        _ sink: inout Sink, _ step: String, weights: EventWeights, mask: [Bool]? = nil
    ) throws {
        try sink.addCutflow(dataset: dataset.name, step: step, weights: mask.map { weights.selecting($0) } ?? weights)
    }
}
