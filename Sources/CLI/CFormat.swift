// CLI: printf-style text for numbers through the C library's vsnprintf (C locale: '.' decimals).
// Foundation's String(format:) sets up CoreFoundation's formatting on first use, which cost every run
// about half a millisecond of start-up for a progress line and a cutflow table.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

enum CFormat {
    /// `format` (a printf format) applied to `arguments`.
    static func string(_ format: String, _ arguments: CVarArg...) -> String {
        var capacity = 64
        while true {
            var buffer = [CChar](repeating: 0, count: capacity)
            let length = Int(withVaList(arguments) { vsnprintf(&buffer, capacity, format, $0) })
            precondition(length >= 0, "bad format '\(format)'")
            if length < capacity { return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } }
            capacity = length + 1
        }
    }
}
