import Foundation
import Testing

@testable import Columnar

/// ΔΦ without a remainder for differences within ±2π must equal the remainder-then-shift definition
/// (`fmod`, then into [−π, π)) bit for bit, and keep it for larger differences and special values.
@Suite struct DeltaPhiTests {
    static func byRemainder(_ phi1: Double, _ phi2: Double) -> Double {
        var dphi = fmod(phi1 - phi2, 2 * .pi)
        if dphi >= .pi { dphi -= 2 * .pi }
        if dphi < -.pi { dphi += 2 * .pi }
        return dphi
    }

    static func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

    @Test func equalsTheRemainderDefinition() {
        var state: UInt64 = 42
        func uniform(_ range: Double) -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) / Double(1 << 53) * 2 - 1) * range
        }
        // Angles as NanoAOD stores them, then up to ±10 (differences past ±2π take the remainder).
        for range in [Double.pi, 10] {
            var differing: [(Double, Double)] = []
            for _ in 0..<100_000 {
                let (a, b) = (uniform(range), uniform(range))
                if !Self.same(Functions.wrappedDeltaPhi(a, b), Self.byRemainder(a, b)) { differing.append((a, b)) }
            }
            #expect(differing.isEmpty, "\(differing.count) pairs differ in ±\(range), first: \(differing.prefix(3))")
        }
        let special: [Double] = [
            0, -0.0, .pi, -.pi, 2 * .pi, -2 * .pi, .pi.nextUp, (-Double.pi).nextDown, (2 * .pi).nextDown,
            (2 * .pi).nextUp, 3 * .pi, .infinity, -.infinity, .nan, .leastNonzeroMagnitude,
        ]
        for a in special {
            for b in special {
                #expect(Self.same(Functions.wrappedDeltaPhi(a, b), Self.byRemainder(a, b)), "\(a) - \(b)")
            }
        }
    }
}
