// Condor layer: what may go into a submit-file value, and how strings are quoted. Submit values run
// to the end of the line and `$(…)` in them is macro-expanded by condor_submit, so values that carry
// user text (paths, images) are checked here and refused rather than silently changed.

import Foundation

/// Checks and quoting for values written into submit files.
public enum SubmitValue {
    /// A ClassAd string literal: `"text"` with `\` and `"` escaped (for `+Attr`/`MY.Attr` values).
    public static func classAdString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Why `text` cannot be written into a submit file as a plain value, or `nil` when it can.
    ///
    /// - Parameter inList: whether the value is an item of a comma-separated list (`transfer_input_files`).
    public static func problem(with text: String, inList: Bool = false) -> String? {
        if text.contains("\n") || text.contains("\r") { return "contains a line break" }
        if text.contains("$(") || text.contains("$$(") {
            return "contains '$(', which condor_submit would expand as a macro"
        }
        if text.contains("\"") { return "contains a double quote" }
        if inList && text.contains(",") { return "contains a comma, which separates transfer_input_files entries" }
        if text != text.trimmingCharacters(in: .whitespaces) { return "starts or ends with a space" }
        return nil
    }
}
