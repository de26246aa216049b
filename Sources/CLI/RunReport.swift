// CLI layer: what `run` prints about a resolved run — the datasets it will process and the run options.

import Configuration

enum RunReport {
    /// The datasets table, totals and run options of a resolved run.
    static func text(_ run: ResolvedRun) -> String {
        var table = TextTable(header: ["dataset", "sample", "year", "type", "files", "events"], rightAligned: [4, 5])
        for dataset in run.configurator.datasets.datasets {
            table.rows.append([
                dataset.name, dataset.sample, dataset.year ?? "-", dataset.isMC ? "MC" : "data",
                String(dataset.files.count), String(dataset.nevents),
            ])
        }
        let datasets = run.configurator.datasets.datasets
        let files = datasets.reduce(0) { $0 + $1.files.count }
        let events = datasets.reduce(0) { $0 + $1.nevents }
        return """
            Configurator: \(run.configurator.source)
            Executor: \(run.executor)

            \(table.text)
            Total: \(datasets.count) datasets, \(files) files, \(events) events

            Run options:
            \(run.runOptions.yamlText.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            """
    }

    /// The closing lines of a dry run.
    static func dryRunFooter(_ run: ResolvedRun) -> String {
        """

        Dry run: nothing was run or submitted.
        Resolved configurator: \(run.outputDirectory)/\(ResolvedRun.configurationFile)
        Resolved run options:  \(run.outputDirectory)/\(ResolvedRun.runOptionsFile)
        """
    }
}
