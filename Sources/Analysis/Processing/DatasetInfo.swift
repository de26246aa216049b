// Analysis layer: what the processor needs to know about the dataset a chunk belongs to.

import Configuration

/// A dataset as the processor sees it.
public struct DatasetInfo: Sendable, Equatable {
    public var name: String
    public var sample: String
    public var year: String?
    public var isMC: Bool
    /// Cross section in pb (MC).
    public var crossSection: Double?

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
    }
}
