// Jobs layer: making a jobs folder ship and use inner_run_options.yaml — for folders written before the
// file existed, and when --recreate-jobs sets skip-bad-files in it. Each patch is idempotent: a folder
// that already has what it needs is left as it is.

import Condor
import Configuration
import Foundation

enum InnerRunOptionsPatch {
    /// The header of a new inner_run_options.yaml.
    static let header =
        "# Run options passed from the outer `pocket-coffea run` to the run inside each job.\n"
        + "# Passed options: \(JobCompiler.innerRunOptionKeys.joined(separator: ", "))\n"

    /// `text` (an inner_run_options.yaml, or `nil` when there is none) with `key: value` set.
    static func setting(_ key: String, to value: ConfigValue, in text: String?) -> String {
        let line = "\(key): \(JSONWriter.string(value, pretty: false))"
        var lines = (text ?? header).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        if let index = lines.firstIndex(where: { $0.hasPrefix(key + ":") }) {
            lines[index] = line
        } else {
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// job.sh's text with `--custom-run-options inner_run_options.yaml` on its `run --cfg` line, or `nil`
    /// when it already passes it (or has no such line to patch).
    static func jobScript(_ text: String) -> String? {
        guard !text.contains("--custom-run-options") else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let index = lines.firstIndex(where: { $0.contains(" run --cfg ") }) else { return nil }
        let option = "--custom-run-options " + ShellQuoting.quote(JobsFolder.innerRunOptionsFileName)
        var line = lines[index]
        if line.hasSuffix("\\") {
            line = String(line.dropLast()).trimmingTrailingSpaces() + " " + option + " \\"
        } else {
            line += " " + option
        }
        lines[index] = line
        return lines.joined(separator: "\n")
    }

    /// A submit file's text with `inner` added to `transfer_input_files`, or `nil` when it is there.
    static func submitFile(_ text: String, inner: String) -> String? {
        var edit = SubmitFileEdit(text: text)
        let inputs = edit.value(of: "transfer_input_files") ?? ""
        guard !inputs.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == inner })
        else { return nil }
        edit.set("transfer_input_files", inputs.isEmpty ? inner : inputs + "," + inner)
        return edit.text
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.hasSuffix(" ") { copy.removeLast() }
        return copy
    }
}
