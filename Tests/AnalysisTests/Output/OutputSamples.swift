// Output tests: job-like outputs built through the processor's API, with integer weights so that
// sums are exact in any order.

import Analysis
import Columnar
import Configuration

enum OutputSamples {
    static let categories = ["inclusive", "2jets"]
    static let variations = ["nominal", "sf_up", "sf_down"]

    static func mllAxes() throws -> [HistogramAxis] {
        [try .regular(bins: 12, lower: 60, upper: 120, name: "mll", label: "m(μμ) [GeV]")]
    }

    static func ptEtaAxes() throws -> [HistogramAxis] {
        [
            try .variable(edges: [25, 40, 60, 100, 200], name: "pt", label: "pT [GeV]"),
            try .regular(bins: 10, lower: -2.5, upper: 2.5, name: "eta"),
        ]
    }

    /// An empty output with the example's histograms declared.
    static func declared() throws -> AnalysisOutput {
        var output = AnalysisOutput(version: "0.1.0")
        try output.declare(variable: "mll", axes: try mllAxes(), variations: variations, categories: categories)
        try output.declare(
            variable: "muon_pt_eta", axes: try ptEtaAxes(), variations: variations, categories: categories)
        return output
    }

    /// One job's output over `datasets`: every step, category and variation filled from `seed`.
    static func job(_ seed: UInt64, datasets: [String], skipped: [String] = []) throws -> AnalysisOutput {
        var random = SeededRandom(seed: seed)
        var output = try declared()
        for dataset in datasets {
            try output.declare(dataset: dataset, metadata: metadata(dataset))
            let events = 200
            let weights = (0..<events).map { _ in Double(Int.random(in: -1...3, using: &random)) }
            output.addGeneratorWeights(
                dataset: dataset, sum: weights.reduce(0, +),
                signSum: weights.reduce(0) { $0 + ($1 > 0 ? 1 : $1 < 0 ? -1 : 0) })
            for (step, kept) in [("initial", events), ("skim", 150), ("presel", 90), ("inclusive", 90), ("2jets", 30)] {
                output.addCutflow(dataset: dataset, step: step, weights: Array(weights.prefix(kept)))
            }
            for category in categories {
                for variation in variations {
                    let mll = (0..<40).map { _ in Double.random(in: 50...130, using: &random) }
                    let pt = (0..<40).map { _ in Double.random(in: 0...250, using: &random) }
                    let eta = (0..<40).map { _ in Double.random(in: -3...3, using: &random) }
                    let w = (0..<40).map { _ in Double(Int.random(in: -2...4, using: &random)) }
                    try output.fill(
                        variable: "mll", dataset: dataset, category: category, variation: variation, values: [mll],
                        weights: w)
                    try output.fill(
                        variable: "muon_pt_eta", dataset: dataset, category: category, variation: variation,
                        values: [pt, eta], weights: w)
                }
            }
            output.recordProcessed(dataset: dataset, events: events, chunks: 2, files: 1)
        }
        for file in skipped {
            output.recordSkipped(
                dataset: datasets[0], file: file,
                reason: "[ERROR] Server responded with an error: [3011] No servers are available to read the file.")
        }
        output.wallTime = Double(seed) + 0.25
        return output
    }

    static func metadata(_ dataset: String) -> [String: MetadataValue] {
        let isMC = !dataset.hasPrefix("DATA")
        var fields: [String: MetadataValue] = [
            "sample": .string(String(dataset.split(separator: "_")[0])), "year": "2018", "isMC": .bool(isMC),
            "nevents": 123_456,
        ]
        if isMC { fields["xsec"] = 6077.22 }
        return fields
    }
}

/// SplitMix64: the same numbers on every run.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
