// Analysis layer: what the processor needs to know about the dataset a chunk belongs to.
// A skimmed dataset carries the generator-weight sums of the original, as PocketCoffea's do.

import Configuration

/// A dataset as the processor sees it.
public struct DatasetInfo: Sendable, Equatable {
    public var name: String
    public var sample: String
    public var year: String?
    public var isMC: Bool
    /// Cross section in pb (MC).
    public var crossSection: Double?
    /// For a skimmed MC dataset (`isSkim`), the generator-weight sums of the original dataset and the
    /// events the skim kept (`nevents`): each event processed stands for its share of those sums.
    public var skimOrigin: SkimOrigin?

    /// What a skimmed dataset's metadata says of the dataset it was skimmed from.
    public struct SkimOrigin: Sendable, Equatable {
        public var sumGenweights: Double
        public var sumSignOfGenweights: Double
        public var keptEvents: Double
    }

    public init(name: String, sample: String, year: String?, isMC: Bool, crossSection: Double?) {
        self.name = name
        self.sample = sample
        self.year = year
        self.isMC = isMC
        self.crossSection = crossSection
    }

    public init(_ dataset: Dataset) {
        self.init(
            name: dataset.name, sample: dataset.sample, year: dataset.year, isMC: dataset.isMC,
            crossSection: dataset.xsec)
        let metadata = dataset.metadata
        if dataset.isMC, metadata["isSkim"]?.coercedBool == true,
            let sum = metadata["sum_genweights"]?.coercedDouble,
            let kept = metadata["nevents"]?.coercedDouble, kept > 0
        {
            skimOrigin = SkimOrigin(
                sumGenweights: sum, sumSignOfGenweights: metadata["sum_signOf_genweights"]?.coercedDouble ?? sum,
                keptEvents: kept)
        }
    }
}
