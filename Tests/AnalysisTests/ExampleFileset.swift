// Analysis tests: a small fileset shaped like the local example's — an MC and a data NanoAOD-like file
// generated with uproot (scripts/bench/make_nanoaod_like.py), their datasets.json, and the example
// analysis beside them, with extra configurator lines.

import Foundation
import TestSupport
import Testing

enum ExampleFileset {
    /// Writes `mc.root` and `data.root` (`events` each, from `seeds`), `datasets.json` and
    /// `analysis.yaml` (the local example plus `extra`) into `folder`.
    static func write(in folder: String, events: Int, seeds: (Int, Int), extra: String = "") throws {
        let python = try #require(TestPaths.python(importing: "awkward"))
        for (seed, name) in [(seeds.0, "mc"), (seeds.1, "data")] {
            let result = try CommandResult.run(
                python,
                [
                    TestPaths.repositoryFile("scripts/bench/make_nanoaod_like.py"), "\(folder)/\(name).root", "zlib:1",
                    String(events), String(seed),
                ])
            try #require(result.status == 0, "\(result.stderr)")
        }
        TestPaths.write(
            """
            {"DYJetsToLL_M-50_2018": {"files": ["\(folder)/mc.root"],
               "metadata": {"sample": "DYJetsToLL", "year": "2018", "isMC": "True", "xsec": "6077.22", "nevents": "\(events)"}},
             "DATA_SingleMuon_2018_EraA": {"files": ["\(folder)/data.root"],
               "metadata": {"sample": "DATA_SingleMuon", "year": "2018", "isMC": "False", "era": "A", "nevents": "\(events)"}}}
            """, to: "datasets.json", in: folder)
        let analysis = try String(
            contentsOfFile: TestPaths.repositoryFile("share/examples/local/analysis.yaml"), encoding: .utf8)
        TestPaths.write(analysis + extra, to: "analysis.yaml", in: folder)
    }
}
