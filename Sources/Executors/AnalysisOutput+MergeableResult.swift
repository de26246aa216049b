// Executors layer: the analysis output is what local runs accumulate and merge.

import Analysis
import Configuration

extension AnalysisOutput: MergeableResult {
    public mutating func recordSkipped(_ skipped: SkippedFile) throws {
        recordSkipped(dataset: skipped.dataset, file: skipped.file, reason: skipped.reason)
    }

    public mutating func recordProcessed(dataset: DatasetInfo, events: Int64, chunks: Int) throws {
        try recordDataset(dataset, events: events, chunks: chunks)
    }

    public mutating func recordSkim(of dataset: Dataset, files: [SkimmedChunk]) throws {
        try recordSkim(of: dataset, files: files.map { ($0.file, $0.events) })
    }
}
