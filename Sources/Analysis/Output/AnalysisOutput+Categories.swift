// Analysis layer: split-by-category — an output cut into one output per category: each holds the
// variable histograms of its category only, with the whole cutflow, sums of generator weights and
// metadata (what normalising its histograms needs). Jobs write these instead of one output when the
// run option split-by-category is set, and merge-outputs merges them per category.

import Columnar

extension AnalysisOutput {
    /// The categories of the variable histograms, in the order of the first histogram that has them.
    public var categoryNames: [String] {
        var names: [String] = []
        for name in variables.keys.sorted() {
            for category in variables[name]?.axes[1].stringCategories ?? [] where !names.contains(category) {
                names.append(category)
            }
        }
        return names
    }

    /// This output with the variable histograms of `category` only (the category is on their axis even
    /// when no event of it was filled); cutflow, sums and metadata are kept whole.
    public func restricted(toCategory category: String) -> AnalysisOutput {
        var copy = self
        for name in Array(copy.variables.keys) {
            guard var histogram = copy.variables.removeValue(forKey: name) else { continue }
            let others = Set(histogram.axes[1].stringCategories ?? []).subtracting([category])
            histogram.remove(categories: others, axis: 1)
            _ = histogram.bin(ofCategory: category, axis: 1)
            copy.variables[name] = histogram
        }
        return copy
    }
}
