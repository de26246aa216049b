// Grid layer: recognising, in a job's .err/.out logs, that it died reading an input over XRootD, and
// which input. Known forms: uproot's `OSError: XRootD error: …` followed by `in file URL`, uproot's
// multi-line `FileNotFoundError: file not found`, XrdCl's `[ERROR] Server responded with an error: [3011]
// …`, `[FATAL] Socket timeout`, and pocket-coffea's own `XRootD … root://…` messages.

import Foundation

/// Finds the inputs a job failed to read.
public enum XRootDFailure {
    /// Texts that only appear when an XRootD read failed.
    public static let signatures = [
        "XRootD error", "FileNotFoundError: file not found", "Server responded with an error", "[FATAL]",
        "Operation expired", "Socket timeout", "No servers are available", "[3010]", "[3011]", "kXR_",
        "XRootD:",
    ]

    /// The URLs among `inputs` that `log` shows failing: each line with a signature and the three lines
    /// around it (uproot names the file after the error, an `xrdcp` command line before it) are searched
    /// for `root://` URLs, matched to `inputs` exactly or by LFN (XrdCl adds
    /// `?tried=` and redirectors rewrite hosts).
    public static func failedInputs(inLog log: String, inputs: [String]) -> [String] {
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false)
        var mentioned: [String] = []
        for (index, line) in lines.enumerated() where signatures.contains(where: { line.contains($0) }) {
            for nearby in lines[max(0, index - 3)..<min(lines.count, index + 4)] { mentioned += urls(in: nearby) }
        }
        guard !mentioned.isEmpty else { return [] }
        let mentionedLFNs = Set(mentioned.compactMap { StoragePath(url: $0)?.lfn })
        let mentionedURLs = Set(mentioned.map(StoragePath.normalized))
        return inputs.filter { input in
            mentionedURLs.contains(StoragePath.normalized(input))
                || StoragePath(url: input).map { mentionedLFNs.contains($0.lfn) } == true
        }
    }

    /// The first line of `log` showing an XRootD failure, trimmed and at most `limit` characters: what
    /// the server said, for the user.
    public static func firstMessage(inLog log: String, limit: Int = 300) -> String? {
        let line = log.split(separator: "\n").first { line in signatures.contains { line.contains($0) } }
        return line.map { String($0.trimmingCharacters(in: .whitespaces).prefix(limit)) }
    }

    /// The `root://` URLs in `line`, without surrounding quotes, brackets and an XrdCl `?tried=` query.
    static func urls(in line: Substring) -> [String] {
        var found: [String] = []
        var rest = line[...]
        while let start = rest.range(of: "root://") {
            let tail = rest[start.lowerBound...]
            let end = tail.firstIndex { " \t'\"()[]<>,;".contains($0) } ?? tail.endIndex
            var url = String(tail[..<end])
            if let query = url.firstIndex(of: "?") { url = String(url[..<query]) }
            while url.hasSuffix(".") || url.hasSuffix(":") { url.removeLast() }
            found.append(url)
            rest = tail[end...]
        }
        return found
    }
}
