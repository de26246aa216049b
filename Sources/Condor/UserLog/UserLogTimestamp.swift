// Condor layer: the time of a user-log event as written in its header. HTCondor writes local time by
// default, in one of two styles (condor_event.cpp formatHeader):
//
//   ISO_DATE (default)  2024-08-02 15:44:58      optional .mmm (SUB_SECOND), optional Z (UTC)
//   LEGACY              08/02 15:44:58           no year: readers assume the current one
//
// and its reader also accepts a full ISO 8601 time (2024-01-15T12:00:01.123Z).

import Foundation

/// The date and time in an event header, as written (the writer's local time unless marked UTC).
public struct UserLogTimestamp: Sendable, Hashable, CustomStringConvertible {
    /// How the time is written.
    public enum Style: Sendable, Hashable {
        /// `MM/DD HH:MM:SS`, no year.
        case legacy
        /// `YYYY-MM-DD HH:MM:SS`, HTCondor's default since 8.8.
        case isoDate
        /// `YYYY-MM-DDTHH:MM:SS`, accepted by readers.
        case iso8601
    }

    /// The form the time was written in.
    public var style: Style
    /// The year, absent in the legacy style.
    public var year: Int?
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// The fraction of a second in microseconds, when one was written.
    public var microsecond: Int?
    /// Seconds east of UTC when the time says its zone (`Z` is 0); `nil` for the writer's local time.
    public var utcOffset: Int?

    public init(
        style: Style, year: Int?, month: Int, day: Int, hour: Int, minute: Int, second: Int,
        microsecond: Int? = nil, utcOffset: Int? = nil
    ) {
        self.style = style
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.microsecond = microsecond
        self.utcOffset = utcOffset
    }

    /// The time `date` as HTCondor writes it: local time in `timeZone`, or UTC marked `Z` when `utc`.
    ///
    /// - Parameter subSecond: whether to keep milliseconds (HTCondor's `SUB_SECOND` option).
    public init(
        _ date: Date, style: Style = .isoDate, utc: Bool = false, subSecond: Bool = false,
        timeZone: TimeZone = .current
    ) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc ? TimeZone(secondsFromGMT: 0) ?? timeZone : timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        self.init(
            style: style, year: style == .legacy ? nil : parts.year, month: parts.month ?? 1, day: parts.day ?? 1,
            hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0,
            microsecond: subSecond ? (parts.nanosecond ?? 0) / 1000 : nil, utcOffset: utc ? 0 : nil)
    }

    /// The moment this time names.
    ///
    /// - Parameters:
    ///   - defaultYear: the year for a legacy time, which has none; HTCondor's reader takes the current year.
    ///   - timeZone: the writer's zone, for times not marked with one.
    /// - Returns: `nil` when the fields name no valid date.
    public func date(defaultYear: Int? = nil, timeZone: TimeZone = .current) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utcOffset.flatMap { TimeZone(secondsFromGMT: $0) } ?? timeZone
        let components = DateComponents(
            year: year ?? defaultYear ?? calendar.component(.year, from: Date()), month: month, day: day, hour: hour,
            minute: minute, second: second, nanosecond: (microsecond ?? 0) * 1000)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    /// The time as an event header writes it.
    public var description: String {
        var text: String
        switch style {
        case .legacy:
            text = "\(Self.two(month))/\(Self.two(day)) "
        case .isoDate, .iso8601:
            let separator = style == .isoDate ? " " : "T"
            text = "\(Self.four(year ?? 0))-\(Self.two(month))-\(Self.two(day))\(separator)"
        }
        text += "\(Self.two(hour)):\(Self.two(minute)):\(Self.two(second))"
        if let microsecond {
            let milliseconds = String(microsecond / 1000)
            text += "." + String(repeating: "0", count: 3 - milliseconds.count) + milliseconds
        }
        if let utcOffset {
            if utcOffset == 0 {
                text += "Z"
            } else {
                let minutes = abs(utcOffset) / 60
                text += (utcOffset < 0 ? "-" : "+") + Self.two(minutes / 60) + ":" + Self.two(minutes % 60)
            }
        }
        return text
    }

    private static func two(_ number: Int) -> String { number < 10 ? "0\(number)" : String(number) }

    private static func four(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
