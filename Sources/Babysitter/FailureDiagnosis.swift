// Babysitter layer: why a failed job failed, from its newest .out/.err. An XRootD read failure is
// recognised by XRootD's own status text and code whatever exception wraps it (uproot's OSError,
// FileNotFoundError, TimeoutError, XrdCl's `[ERROR] Server responded with an error: [3011]`), and the
// failed input is named through Grid's XRootDFailure; anything else is shown by its last lines.

import Foundation
import Grid

/// The diagnosis of one failed job.
public struct FailureDiagnosis: Sendable, Equatable {
    /// What kind of failure it was.
    public enum Kind: Sendable, Equatable {
        /// An input could not be read over XRootD: the inputs named and the XRootD status code, if shown.
        case xrootd(inputs: [String], status: Int?)
        /// Anything else; `lines` are the last non-empty lines of the log.
        case other(lines: [String])
        /// No .out or .err exists for the job.
        case noLog
    }

    /// The kind and its details.
    public var kind: Kind
    /// The log the diagnosis comes from.
    public var log: String?

    public init(kind: Kind, log: String?) {
        self.kind = kind
        self.log = log
    }

    /// How many last lines an unrecognised failure shows.
    public static let tailLines = 5

    /// Diagnoses the job whose logs are `logs`, reading inputs from its configurator's `inputs`.
    ///
    /// The newest log of each kind (by modification time, then name) is read; stderr first.
    public static func diagnose(logs: [String], inputs: [String]) -> FailureDiagnosis {
        let newest = newestLogs(logs)
        guard !newest.isEmpty else { return FailureDiagnosis(kind: .noLog, log: nil) }
        var texts: [(String, String)] = []
        for path in newest {
            let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
            texts.append((path, text))
            var failed = XRootDFailure.failedInputs(inLog: text, inputs: inputs)
            if !failed.isEmpty || XRootDFailure.signatures.contains(where: text.contains) {
                if failed.isEmpty { failed = onlyInputMentioned(in: text, inputs: inputs) }
                return FailureDiagnosis(kind: .xrootd(inputs: failed, status: status(in: text)), log: path)
            }
        }
        for (path, text) in texts {
            let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            if !lines.isEmpty { return FailureDiagnosis(kind: .other(lines: lines.suffix(tailLines)), log: path) }
        }
        return FailureDiagnosis(kind: .other(lines: []), log: newest.first)
    }

    /// The one input `text` names anywhere (by URL or LFN), when the error itself names none — uproot
    /// may print the file long before the exception, or not at all after a truncated `in file`.
    static func onlyInputMentioned(in text: String, inputs: [String]) -> [String] {
        let mentioned = inputs.filter { input in
            text.contains(input) || StoragePath(url: input).map { text.contains($0.lfn) } == true
        }
        return mentioned.count == 1 ? mentioned : []
    }

    /// The XRootD status code (`[3011]`, `[3010]`, `[3005]`) in `text`, if any.
    static func status(in text: String) -> Int? {
        var rest = text[...]
        while let open = rest.firstIndex(of: "[") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "]") else { break }
            let inner = after[..<close]
            if inner.count == 4, inner.first == "3", let code = Int(inner) { return code }
            rest = after[close...]
        }
        return nil
    }

    /// The newest .err and .out among `logs`, .err first.
    static func newestLogs(_ logs: [String]) -> [String] {
        func modified(_ path: String) -> Date {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
        }
        func cluster(_ path: String) -> Int {
            JobsFolderScan.cluster(ofLog: (path as NSString).lastPathComponent) ?? 0
        }
        return [".err", ".out"].compactMap { suffix in
            logs.filter { $0.hasSuffix(suffix) }.max { (modified($0), cluster($0)) < (modified($1), cluster($1)) }
        }
    }

    /// One line for the terminal.
    public var summary: String {
        switch kind {
        case .xrootd(let inputs, let status):
            let code = status.map { " [\($0)]" } ?? ""
            let files = inputs.isEmpty ? "an input" : inputs.joined(separator: ", ")
            return "XRootD read failure\(code) on \(files)"
        case .other(let lines):
            return lines.isEmpty ? "failed with an empty log" : lines.joined(separator: " | ")
        case .noLog:
            return "failed; no .out/.err yet"
        }
    }
}
