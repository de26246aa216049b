// Executors layer: the memory the system can still give, for the default memory budget of merge-outputs
// (the reference takes psutil's "available" figure, which is the kernel's MemAvailable).

import Foundation

/// The system's memory.
public enum SystemMemory {
    /// `MemAvailable` of /proc/meminfo in bytes, or nil where it cannot be read.
    public static var availableBytes: Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, let kilobytes = Int(fields[1]) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }
}
