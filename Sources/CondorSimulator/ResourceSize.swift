// Condor simulator: RequestMemory and RequestDisk values — a number with an optional unit
// (K, M, G, T, with or without B, any case). A bare number is MB for memory and KiB for disk, as in
// HTCondor.

enum ResourceSize {
    /// `text` in units of `unit` bytes (1024² for MB, 1024 for KiB), rounded up.
    ///
    /// - Throws: ``SimulatorError`` for a value that is not a size (an expression, a bad unit).
    static func parse(_ text: String, key: String, unit: Double) throws(SimulatorError) -> Int {
        let lowered = text.lowercased().filter { $0 != " " }
        let digits = lowered.prefix { $0.isNumber || $0 == "." }
        var suffix = lowered.dropFirst(digits.count)
        if suffix.hasSuffix("b") { suffix = suffix.dropLast() }
        let scales: [Substring: Double] = [
            "k": 1024, "m": 1024 * 1024, "g": 1024 * 1024 * 1024, "t": 1024 * 1024 * 1024 * 1024,
        ]
        guard let number = Double(digits), let scale = suffix.isEmpty ? unit : scales[suffix] else {
            throw SimulatorError("\(key) = \(text) is not a size the simulator reads (a number with K, M, G or T)")
        }
        return Int((number * scale / unit).rounded(.up))
    }
}
