// Saved columns (`columns`): a local run writes output_all.columns.root beside its output, one tree per
// dataset and category; read with uproot, each tree holds exactly the category's events (the cutflow's
// count and Σw), and its columns histogrammed with their weights give the run's own histograms bin for
// bin. merge-outputs appends the columns of the outputs it merges.

import Foundation
import TestSupport
import Testing

@Suite(
    .enabled(if: TestPaths.python(importing: "hist") != nil, "needs .venv with uproot and hist (make test creates it)"))
struct ColumnsTests {
    static let check = """
        import json, sys
        import awkward as ak, hist, numpy as np, uproot, uhi.io.json
        out = json.load(open(sys.argv[1]), object_hook=uhi.io.json.object_hook)
        mll, pt = hist.Hist(out["hist/mll"]), hist.Hist(out["hist/muon_pt"])
        events, sumw = hist.Hist(out["cutflow/events"]), hist.Hist(out["cutflow/sumw"])
        report = {}
        with uproot.open(sys.argv[2]) as f:
            for name in f.keys(cycle=False):
                dataset, category = name.split("__")
                t = f[name].arrays()
                w = ak.to_numpy(t["weight"])
                at = {"dataset": dataset, "category": category, "variation": "nominal"}
                flat_pt = ak.to_numpy(ak.flatten(t["MuonGood_pt"]))
                flat_w = ak.to_numpy(ak.flatten(ak.broadcast_arrays(t["weight"], t["MuonGood_pt"])[0]))
                close = lambda a, b: bool(np.allclose(a, b, rtol=1e-9, atol=1e-12))
                report[name] = {
                    "fields": sorted(t.fields),
                    "entries": bool(len(t) == events[{"dataset": dataset, "step": category}]),
                    "sumw": close(w.sum(), sumw[{"dataset": dataset, "step": category}].value),
                    "mll": close(np.histogram(ak.to_numpy(t["mll"]), bins=mll.axes["mll"].edges, weights=w)[0],
                                 mll[at].values()),
                    "muon_pt": close(np.histogram(flat_pt, bins=pt.axes[-1].edges, weights=flat_w)[0], pt[at].values()),
                    "counts": bool(np.array_equal(ak.to_numpy(t["n_MuonGood_pt"]), ak.to_numpy(ak.num(t["MuonGood_pt"])))),
                }
        print(json.dumps(report))
        """

    @Test(.timeLimit(.minutes(3)))
    func savedColumnsReproduceTheHistograms() throws {
        let folder = TestPaths.scratchFolder("columns")
        let python = try #require(TestPaths.python(importing: "hist"))
        try ExampleFileset.write(
            in: folder, events: 12000, seeds: (31, 32),
            extra: """

                columns:
                  inclusive: [mll, MuonGood.pt]
                  bycategory: {2j_Zpeak: [{jet_pt: JetGood.pt}]}
                """)
        for (run, chunks) in [("a", "3000"), ("b", "5000")] {
            let result = try CommandResult.pocketCoffea([
                "run", "--cfg", folder + "/analysis.yaml", "-o", "\(folder)/\(run)", "--chunksize", chunks,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("Saved columns"), "\(result.stdout)")
        }
        let checked = try CommandResult.run(
            python, ["-c", Self.check, folder + "/a/output_all.json", folder + "/a/output_all.columns.root"])
        try #require(checked.status == 0, "\(checked.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(checked.stdout.utf8)) as? [String: [String: Any]])
        #expect(report.count == 14, "2 datasets × 7 categories: \(report.keys.sorted())")
        for (tree, checks) in report {
            for key in ["entries", "sumw", "mll", "muon_pt", "counts"] {
                #expect(checks[key] as? Bool == true, "\(tree): \(key)")
            }
            let fields = checks["fields"] as? [String] ?? []
            #expect(fields.contains("jet_pt") == tree.hasSuffix("__2j_Zpeak"), "\(tree): \(fields)")
        }

        let merge = try CommandResult.pocketCoffea([
            "merge-outputs", folder + "/a/output_all.json", folder + "/b/output_all.json", "-o", folder + "/m.json",
        ])
        #expect(merge.status == 0, "\(merge.stderr)")
        let entries = """
            import sys, uproot
            files = [uproot.open(p) for p in sys.argv[1:]]
            print(all(files[0][k].num_entries == files[1][k].num_entries + files[2][k].num_entries
                      for k in files[0].keys(cycle=False)), len(files[0].keys(cycle=False)))
            """
        let counted = try CommandResult.run(
            python,
            [
                "-c", entries, folder + "/m.columns.root", folder + "/a/output_all.columns.root",
                folder + "/b/output_all.columns.root",
            ])
        #expect(
            counted.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "True 14",
            "\(counted.stdout)\(counted.stderr)")
    }

    @Test func aColumnInAnUnknownCategoryIsOneLineError() throws {
        let folder = TestPaths.scratchFolder("columns-error")
        let analysis = try String(
            contentsOfFile: TestPaths.repositoryFile("share/examples/local/analysis.yaml"), encoding: .utf8)
        TestPaths.write(
            analysis.replacingOccurrences(
                of: "jsons: [datasets.json]",
                with: "jsons: [\(TestPaths.repositoryFile("share/examples/local/datasets.json"))]")
                + "\ncolumns: {bycategory: {3j: [mll]}}\n", to: "analysis.yaml", in: folder)
        try #require(LocalExampleTests.data, "example data could not be generated")
        let result = try CommandResult.pocketCoffea(["run", "--cfg", folder + "/analysis.yaml", "-o", folder + "/out"])
        #expect(result.status != 0)
        #expect(
            result.stderr.contains("columns.bycategory.3j") && result.stderr.contains("no category '3j'"),
            "\(result.stderr)")
    }
}
