// Grid layer: the Rucio token kept between runs, in a 0600 file of a 0700 folder in the user's cache
// folder, one file per (auth server, account, identity). A token within a minute of its expiry is not
// used; one the server refuses (401) is dropped and renewed by the client.

import Configuration
import Foundation

/// A token and when it expires.
struct RucioToken: Equatable {
    var value: String
    var expires: Date?

    /// Whether the token is expired or will be within `margin` seconds.
    func isStale(now: Date = Date(), margin: TimeInterval = 60) -> Bool {
        guard let expires else { return false }
        return expires.timeIntervalSince(now) < margin
    }

    /// `Sun, 29 Nov 2026 03:14:19 UTC`, the form of X-Rucio-Auth-Token-Expires.
    static func parseExpiry(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}

/// The on-disk token of one identity.
struct RucioTokenCache {
    /// The file, or `nil` to keep tokens in memory only.
    let file: String?

    init(configuration: RucioConfiguration) {
        guard let folder = configuration.tokenCacheFolder else {
            file = nil
            return
        }
        let key = "\(configuration.authHost)|\(configuration.account)|\(configuration.authentication.identity)"
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        file = folder + "/token-" + String(hash, radix: 16)
    }

    /// The cached token, unless absent, unreadable or stale.
    func load() -> RucioToken? {
        guard let file, let data = FileManager.default.contents(atPath: file) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        guard let value = lines.first, !value.isEmpty else { return nil }
        let token = RucioToken(
            value: value, expires: lines.dropFirst().first.flatMap(Double.init).map(Date.init(timeIntervalSince1970:)))
        return token.isStale() ? nil : token
    }

    /// Keeps `token` for the next run; a cache that cannot be written only costs a new authentication.
    func store(_ token: RucioToken) {
        guard let file else { return }
        let folder = (file as NSString).deletingLastPathComponent
        guard UserCacheFolder.create(folder) else { return }
        let expiry = token.expires.map { String(Int($0.timeIntervalSince1970)) } ?? ""
        try? AtomicFile.write(token.value + "\n" + expiry + "\n", to: file, permissions: 0o600)
    }

    /// Forgets the token.
    func remove() {
        if let file { unlink(file) }
    }
}
