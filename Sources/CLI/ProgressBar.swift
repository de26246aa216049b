// CLI layer: a one-line progress bar on stderr for long work (thousands of job files). Drawn only
// when stderr is a terminal, and only for work long enough to need one; redrawn at most once per
// percent, so it costs nothing measurable.

import Foundation
import Synchronization

/// A progress bar redrawn in place on a terminal's stderr.
final class ProgressBar: Sendable {
    /// Work smaller than this is not worth a bar.
    static let minimumTotal = 500
    private static let width = 30

    private let label: String
    private let enabled: Bool
    private let state = Mutex<(drawnPercent: Int, drawn: Bool)>((-1, false))

    init(label: String, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.enabled = enabled
    }

    /// Shows `done` of `total`, and `detail` (a rate) after it.
    func update(_ done: Int, of total: Int, detail: String = "", minimumTotal: Int = ProgressBar.minimumTotal) {
        guard enabled, total >= minimumTotal else { return }
        let percent = min(100, done * 100 / total)
        let redraw = state.withLock { state -> Bool in
            // Only forward: updates may come from several threads, slightly out of order.
            guard percent > state.drawnPercent else { return false }
            state = (percent, true)
            return true
        }
        guard redraw else { return }
        let filled = Self.width * percent / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: Self.width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(percent)% (\(done)/\(total))\(detail)".utf8))
    }

    /// Ends the bar's line, if one was drawn.
    func finish() {
        if state.withLock({ $0.drawn }) { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
