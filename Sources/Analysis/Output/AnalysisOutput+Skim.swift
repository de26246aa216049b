// Analysis layer: what a skim adds to the output — the files it wrote for each dataset and the events
// in each. They are stored like skipped files, as numbered `datasets` metadata, so merges concatenate
// them and the file stays plain UHI (docs/output-format.md).

import Configuration

extension AnalysisOutput {
    /// A file written by a skim (`save_skimmed_files`): its location and the events in it.
    public struct SkimmedFileRecord: Sendable, Equatable {
        public var dataset: String
        /// The file's path or root:// URL.
        public var file: String
        /// Events in the file (those that passed the skim).
        public var events: Int

        public init(dataset: String, file: String, events: Int) {
            self.dataset = dataset
            self.file = file
            self.events = events
        }
    }

    /// Records the files a skim wrote for `dataset` (in order), with the dataset definition's metadata,
    /// which the skimmed dataset definition carries over.
    ///
    /// - Throws: ``AnalysisOutputError`` `.conflictingMetadata` when the dataset was recorded with other values.
    public mutating func recordSkim(
        of dataset: Dataset, files: [(file: String, events: Int)]
    ) throws(AnalysisOutputError) {
        try declare(dataset: dataset.name, metadata: Self.metadata(of: dataset))
        skimmedFiles += files.map { SkimmedFileRecord(dataset: dataset.name, file: $0.file, events: $0.events) }
    }

    /// Whether the output comes from a skim: it records skimmed files.
    public var isSkim: Bool { !skimmedFiles.isEmpty }

    /// The metadata keys of the n-th skimmed file.
    static let skimmedFilePrefix = "skimmed_file."
    static let skimmedEventsPrefix = "skimmed_events."
}
