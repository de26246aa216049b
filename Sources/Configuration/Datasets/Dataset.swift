// Configuration layer: one dataset of a PocketCoffea dataset definition JSON — its files and its
// metadata. The metadata is kept as written (so it is passed on unchanged to jobs) and read through
// typed accessors that accept PocketCoffea's string-typed values.

/// A named set of input files with the metadata PocketCoffea attaches to it.
public struct Dataset: Sendable, Equatable {
    /// The key of the dataset in its JSON, such as `TTTo2L2Nu_2018`.
    public var name: String
    /// File URLs or paths, in the order written.
    public var files: [String]
    /// The `metadata` object as written, order kept.
    public var metadata: OrderedObject

    public init(name: String, files: [String], metadata: OrderedObject) {
        self.name = name
        self.files = files
        self.metadata = metadata
    }

    /// The sample this dataset belongs to (several datasets, such as data eras, share one sample).
    public var sample: String { metadata["sample"]?.coercedString ?? name }

    /// The data-taking year, such as "2018" or "2016_PreVFP".
    public var year: String? { metadata["year"]?.coercedString }

    /// Whether this is simulation (weights, generator sums) or collision data.
    public var isMC: Bool { metadata["isMC"]?.coercedBool ?? false }

    /// Cross-section in pb, for MC.
    public var xsec: Double? { metadata["xsec"]?.coercedDouble }

    /// The number of events in all of the dataset's files.
    public var nevents: Int { metadata["nevents"]?.coercedInt ?? 0 }

    /// The DAS names the files came from (a stringified Python list is accepted).
    public var dasNames: [String] { metadata["das_names"]?.coercedStringList ?? [] }

    /// The dataset as written in a dataset JSON: `{"metadata": {...}, "files": [...]}`.
    public var jsonValue: ConfigValue {
        .object(OrderedObject([("metadata", .object(metadata)), ("files", .array(files.map(ConfigValue.string)))]))
    }
}
