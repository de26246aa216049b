import Foundation
import Testing

@testable import Columnar

@Suite struct FourVectorsTests {
    /// Uniform values in [low, high) from a fixed xorshift sequence.
    static func values(_ count: Int, _ low: Double, _ high: Double, seed: UInt64 = 0x2545_F491_4F6C_DD1D) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return low + (high - low) * Double(state >> 11) / 9_007_199_254_740_992
        }
    }

    /// px and py are pt cos(phi) and pt sin(phi) within a few units in the last place of glibc's cos and sin
    /// (libmvec's 4-wide functions on AVX2), over the range of phi and far outside it.
    @Test func pxAndPyFollowFromPtAndPhi() {
        let phi = Self.values(100_003, -.pi, .pi) + Self.values(100_000, -1000, 1000, seed: 7) + [0, -0.0, .pi]
        let pt = Self.values(phi.count, 1, 200, seed: 17)
        let zeros = [Double](repeating: 0, count: phi.count)
        let vectors = FourVectors(pt: pt, eta: zeros, phi: phi, mass: zeros)
        for (index, angle) in phi.enumerated() {
            let (x, y) = (pt[index] * cos(angle), pt[index] * sin(angle))
            let (px, py) = (vectors.px[index], vectors.py[index])
            guard x.bitPattern != px.bitPattern || y.bitPattern != py.bitPattern else { continue }
            let close = (Self.ulps(px, x).map { $0 <= 8 } ?? false) && (Self.ulps(py, y).map { $0 <= 8 } ?? false)
            guard close else {
                Issue.record("phi \(angle): (\(px), \(py)) differs from (\(x), \(y))")
                return
            }
        }
    }

    /// The distance in units in the last place between two finite doubles of the same sign, else nil.
    static func ulps(_ a: Double, _ b: Double) -> UInt64? {
        guard a.isFinite, b.isFinite, a.sign == b.sign else { return nil }
        return a.bitPattern > b.bitPattern ? a.bitPattern - b.bitPattern : b.bitPattern - a.bitPattern
    }

    /// pz is pt sinh(eta) within a few units in the last place of glibc's sinh (libmvec's 4-wide sinh on
    /// AVX2), E is sqrt(pt² cosh²(eta) + m²) to 1e-12, and special values stay special.
    @Test func pzAndEnergyFollowFromPtEtaAndMass() {
        let eta = Self.values(100_003, -6, 6) + [0, -0.0, 1e-300, 30, -30, 800, -800, .nan, .infinity, -.infinity]
        let pt = Self.values(eta.count, 1, 200, seed: 11)
        let mass = Self.values(eta.count, 0, 10, seed: 13)
        let vectors = FourVectors(pt: pt, eta: eta, phi: [Double](repeating: 0.5, count: eta.count), mass: mass)
        for index in eta.indices {
            let expected = pt[index] * sinh(eta[index])
            let got = vectors.pz[index]
            guard expected.isFinite, expected != 0 else {
                #expect(got.bitPattern == expected.bitPattern, "eta \(eta[index]): pz \(got) vs \(expected)")
                continue
            }
            let distance = Self.ulps(got, expected)
            #expect(distance.map { $0 <= 8 } == true, "eta \(eta[index]): pz \(got) vs \(expected)")
            let transverse = pt[index] * cosh(eta[index])
            let energy = (transverse * transverse + mass[index] * mass[index]).squareRoot()
            #expect(abs(vectors.energy[index] - energy) <= 1e-12 * energy, "eta \(eta[index]): E")
        }
    }

    /// A value's components do not depend on where it sits in the array, so chunking never changes a result.
    @Test func componentsDoNotDependOnThePosition() {
        let eta = Self.values(1_001, -5, 5)
        let phi = Self.values(eta.count, -.pi, .pi, seed: 5)
        let ones = [Double](repeating: 1, count: eta.count)
        let whole = FourVectors(pt: ones, eta: eta, phi: phi, mass: ones)
        for start in 1..<8 {
            let range = start..<(eta.count - start / 2)
            let ones = [Double](repeating: 1, count: range.count)
            let part = FourVectors(pt: ones, eta: Array(eta[range]), phi: Array(phi[range]), mass: ones)
            for (name, values, reference) in [
                ("px", part.px, whole.px), ("py", part.py, whole.py), ("pz", part.pz, whole.pz),
                ("E", part.energy, whole.energy),
            ] {
                #expect(
                    zip(values, reference[range]).allSatisfy { $0.bitPattern == $1.bitPattern },
                    "\(name), start \(start)")
            }
        }
    }
}
