// Compression tests: deterministic inputs, reproducible from a seed.

/// SplitMix64, a small seeded generator, so every run mutates and samples the same bytes.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum SampleData {
    /// Big-endian UInt32 values below 64 in runs of 1–8, like a NanoAOD counter column.
    ///
    /// Every algorithm, LZ4 included, shrinks it.
    static func column(count: Int, seed: UInt64 = 1) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var offset = 0
            while offset < count {
                let random = generator.next()
                let value = UInt8(random & 63)
                var run = Int((random >> 8) & 7) + 1
                while run > 0 && offset < count {
                    for byte in [0, 0, 0, value] where offset < count {
                        buffer[offset] = byte
                        offset += 1
                    }
                    run -= 1
                }
            }
            initialized = count
        }
    }

    /// Uniformly random bytes, which no algorithm shrinks.
    static func random(count: Int, seed: UInt64 = 2) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    }

    /// 20,000,000 bytes of ``column(count:seed:)``: two blocks, 16777215 + 3222785.
    static let large = column(count: 20_000_000)
}
