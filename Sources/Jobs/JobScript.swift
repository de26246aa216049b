// Jobs layer: renders job.sh from templates/job.sh.mustache (built into the binary). Every value is
// shell-quoted here before it reaches the template, which inserts it verbatim.

import Configuration
import Mustache

/// The values of one jobs folder's job.sh.
struct JobScript {
    /// The pocket-coffea version that wrote the script.
    var version: String
    /// The jobs folder, absolute.
    var jobsDir: String
    /// Where outputs go: a local folder, or a folder on EOS.
    var outputDir: String
    /// The binary the job runs: its path on a shared filesystem, or the transferred copy.
    var binary: String
    /// The proxy's file name in the job's scratch folder, if any.
    var proxyFileName: String?
    /// Shell lines from custom-setup-commands, inserted as written.
    var setupCommands: [String]
    /// `--executor iterative`, or `--executor futures --scaleout N` for multi-core jobs.
    var executorArguments: [String]
    /// The output file extension.
    var outputExtension: String
    /// One output per category.
    var splitByCategory: Bool
    /// `cp -f`, or `xrdcp -f` towards EOS.
    var copyCommand: [String]
    /// The copy destination folder as the copy command wants it (a path, or an XRootD URL).
    var outputTarget: String

    /// The script text.
    func render() throws(JobsError) -> String {
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: String(decoding: PackageResources.job_sh_mustache, as: UTF8.self))
        } catch {
            throw JobsError("the built-in job.sh template does not parse: \(error)")
        }
        let quote = ShellQuoting.quote
        var context: [String: Any] = [
            "version": version,
            "jobsDir": quote(jobsDir),
            "outputDir": quote(outputDir),
            "binary": binary.hasPrefix("$") ? binary : quote(binary),
            "setupCommands": setupCommands,
            "executorArguments": executorArguments.map(quote).joined(separator: " "),
            "innerRunOptions": quote(JobsFolder.innerRunOptionsFileName),
            "outputExtension": outputExtension,
            "splitByCategory": splitByCategory,
            "copyCommand": copyCommand.map(quote).joined(separator: " "),
            "outputTarget": quote(outputTarget),
        ]
        if let proxyFileName { context["proxyFile"] = quote(proxyFileName) }
        return template.render(context)
    }
}
