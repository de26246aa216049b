// Condor layer: CERN's +JobFlavour queues, shortest first, and the wall time each allows. check-jobs and
// --recreate-jobs bump a job that hit its time limit along this ladder.

/// A CERN lxbatch queue.
public enum JobFlavour: String, Sendable, CaseIterable {
    /// 20 minutes.
    case espresso
    /// 1 hour.
    case microcentury
    /// 2 hours.
    case longlunch
    /// 8 hours.
    case workday
    /// 1 day.
    case tomorrow
    /// 3 days.
    case testmatch
    /// 1 week.
    case nextweek

    /// The wall-time limit in seconds.
    public var seconds: Int {
        switch self {
        case .espresso: 20 * 60
        case .microcentury: 3600
        case .longlunch: 2 * 3600
        case .workday: 8 * 3600
        case .tomorrow: 24 * 3600
        case .testmatch: 3 * 24 * 3600
        case .nextweek: 7 * 24 * 3600
        }
    }

    /// The queue `steps` places longer, stopping at the longest.
    public func bumped(by steps: Int) -> JobFlavour {
        let all = Self.allCases
        let index = all.firstIndex(of: self) ?? 0
        return all[min(all.count - 1, max(0, index + steps))]
    }

    /// The names, shortest first, for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
