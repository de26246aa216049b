import Condor
import Foundation
import Testing

@Suite struct UserLogTimestampTests {
    static let utc = TimeZone(secondsFromGMT: 0) ?? .current
    static let paris = TimeZone(identifier: "Europe/Paris") ?? .current
    /// 2024-08-02 15:44:58.250 UTC.
    static let moment = Date(timeIntervalSince1970: 1_722_613_498.25)

    @Test func writtenInTheStylesHTCondorWrites() {
        #expect(UserLogTimestamp(Self.moment, timeZone: Self.paris).description == "2024-08-02 17:44:58")
        #expect(UserLogTimestamp(Self.moment, utc: true, subSecond: true).description == "2024-08-02 15:44:58.250Z")
        #expect(UserLogTimestamp(Self.moment, style: .legacy, timeZone: Self.utc).description == "08/02 15:44:58")
        #expect(UserLogTimestamp(Self.moment, style: .iso8601, utc: true).description == "2024-08-02T15:44:58Z")
    }

    @Test func readBackToTheSameMoment() throws {
        let local = UserLogTimestamp(Self.moment, subSecond: true, timeZone: Self.paris)
        #expect(local.date(timeZone: Self.paris) == Self.moment)
        let utc = UserLogTimestamp(Self.moment, utc: true)
        #expect(utc.date(timeZone: Self.paris) == Date(timeIntervalSince1970: 1_722_613_498))
        let offset = UserLogTimestamp(
            style: .iso8601, year: 2024, month: 8, day: 2, hour: 17, minute: 44, second: 58, utcOffset: 7200)
        #expect(offset.date() == Date(timeIntervalSince1970: 1_722_613_498))
        #expect(offset.description == "2024-08-02T17:44:58+02:00")
    }

    @Test func aLegacyTimeTakesTheYearItIsGiven() throws {
        let legacy = UserLogTimestamp(style: .legacy, year: nil, month: 2, day: 29, hour: 0, minute: 0, second: 0)
        #expect(legacy.date(defaultYear: 2024, timeZone: Self.utc) == Date(timeIntervalSince1970: 1_709_164_800))
        #expect(legacy.date(defaultYear: 2023, timeZone: Self.utc) == nil)
        let thisYear = Calendar(identifier: .gregorian).component(.year, from: Date())
        let march = UserLogTimestamp(style: .legacy, year: nil, month: 3, day: 1, hour: 0, minute: 0, second: 0)
        let date = try #require(march.date(timeZone: Self.utc))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.utc
        #expect(calendar.component(.year, from: date) == thisYear)
    }
}
