// Grid layer: the per-user cache folder for the site map and Rucio tokens — $XDG_CACHE_HOME/pocket-coffea,
// else ~/.cache/pocket-coffea — never the current directory (the reference wrote .sites_map.json there).

import Foundation

/// The per-user cache folder of pocket-coffea.
public struct UserCacheFolder: Sendable, Equatable {
    /// The folder, absolute.
    public var path: String

    /// The folder for `environment`: `$XDG_CACHE_HOME/pocket-coffea`, else `$HOME/.cache/pocket-coffea`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            path = xdg + "/pocket-coffea"
        } else {
            path = (environment["HOME"] ?? NSHomeDirectory()) + "/.cache/pocket-coffea"
        }
    }

    /// Creates `folder` (and its parents) readable by the user only; returns whether it exists now.
    @discardableResult
    public static func create(_ folder: String) -> Bool {
        (try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])) != nil
    }
}
