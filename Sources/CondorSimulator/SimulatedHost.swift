// Condor simulator: the addresses HTCondor daemons write into events (sinful strings), for this
// machine. They look like a real pool's, so log readers are exercised on realistic text.

import Foundation

enum SimulatedHost {
    /// The machine's name.
    static let name = ProcessInfo.processInfo.hostName

    /// `<127.0.0.1:9618?addrs=127.0.0.1-9618&alias=HOST&noUDP&sock=DAEMON_PID_HEXPID>`.
    static func address(daemon: String, pid: Int32 = getpid()) -> String {
        "<127.0.0.1:9618?addrs=127.0.0.1-9618&alias=\(name)&noUDP&sock=\(daemon)_\(pid)_\(String(pid, radix: 16))>"
    }

    /// `slot1_N@HOST`, the slot of running-job number `slot`.
    static func slotName(_ slot: Int) -> String { "slot1_\(slot)@\(name)" }
}
