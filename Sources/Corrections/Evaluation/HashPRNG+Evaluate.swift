// Corrections layer: the `hashprng` node, bit for bit as correctionlib: the inputs' 8-byte
// little-endian images (an int64, or a double's IEEE bits) hashed with XXH64 (seed 0) seed a
// pcg32_oneseq generator (XSH-RR, 64-bit state); `stdflat` is libstdc++'s uniform_real_distribution
// (two draws, (g1 + g2·2³²)/2⁶⁴) and `normal` the Marsaglia polar method on `ldexp(g, -31) - 1`.

import Compression
import Foundation

extension HashPRNG {
    /// The pseudo-random number for the event in `slots`.
    func evaluate(_ slots: Slots) -> Double {
        let seed = withUnsafeTemporaryAllocation(of: UInt64.self, capacity: inputs.count) { words in
            for (index, source) in inputs.enumerated() {
                let bits =
                    source.isInteger
                    ? UInt64(bitPattern: slots.ints[source.position]) : slots.reals[source.position].bitPattern
                words[index] = bits.littleEndian
            }
            return XXH64.hash(UnsafeRawBufferPointer(words), seed: 0)
        }
        var generator = PCG32(seed: seed)
        switch distribution {
        case .stdflat:
            let value = (Double(generator.next()) + Double(generator.next()) * 0x1p32) * 0x1p-64
            return value >= 1 ? 1.0.nextDown : value
        case .normal:
            while true {
                let u = Double(generator.next()) * 0x1p-31 - 1
                let v = Double(generator.next()) * 0x1p-31 - 1
                let s = u * u + v * v
                if s < 1, s != 0 { return u * (-2 * log(s) / s).squareRoot() }
            }
        }
    }
}

/// PCG32 (pcg32_oneseq of the PCG family): 64-bit LCG state, XSH-RR output of the previous state.
struct PCG32 {
    private static let multiplier: UInt64 = 6_364_136_223_846_793_005
    private static let increment: UInt64 = 1_442_695_040_888_963_407
    private var state: UInt64

    /// The generator as `pcg32_oneseq(seed)`: state = bump(seed + increment).
    init(seed: UInt64) {
        state = (seed &+ Self.increment) &* Self.multiplier &+ Self.increment
    }

    /// The next 32 random bits.
    mutating func next() -> UInt32 {
        let old = state
        state = old &* Self.multiplier &+ Self.increment
        let shifted = UInt32(truncatingIfNeeded: ((old >> 18) ^ old) >> 27)
        let rotation = UInt32(truncatingIfNeeded: old >> 59)
        return (shifted >> rotation) | (shifted << ((32 &- rotation) & 31))
    }
}
