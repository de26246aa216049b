// Columnar layer: four-vectors as four component arrays (px, py, pz, E) — built from pt, eta, phi and
// mass, and their pt, eta, phi and mass, each in one tight loop over the arrays.

import CMath
import Foundation

/// Per-event four-vectors (px, py, pz, E); NaN marks an event without the object.
public struct FourVectors: Sendable {
    public var px: [Double]
    public var py: [Double]
    public var pz: [Double]
    public var energy: [Double]

    public var pt: [Double] { Elementwise.zipped(px, py) { px, py in Self.pt(px, py) } }
    public var mass: [Double] {
        energy.withUnsafeBufferPointer { energy in
            Self.map(px, py, pz) { index, px, py, pz in Self.mass(px, py, pz, energy[index]) }
        }
    }
    public var eta: [Double] { Self.map(px, py, pz) { _, px, py, pz in Self.eta(px, py, pz) } }
    public var phi: [Double] { Elementwise.zipped(px, py) { px, py in Self.phi(px, py) } }

    // The kinematics of one four-vector: every path that computes them (these arrays, and the fields of
    // combinations computed straight from their members) uses these, so they agree bit for bit.

    @inline(__always) static func pt(_ px: Double, _ py: Double) -> Double { (px * px + py * py).squareRoot() }

    /// The invariant mass; negative (the root of -m²) for a spacelike vector, NaN for a missing one.
    @inline(__always) static func mass(_ px: Double, _ py: Double, _ pz: Double, _ energy: Double) -> Double {
        let squared = energy * energy - px * px - py * py - pz * pz
        return squared.isNaN ? .nan : (squared > 0 ? squared.squareRoot() : -(-squared).squareRoot())
    }

    @inline(__always) static func eta(_ px: Double, _ py: Double, _ pz: Double) -> Double {
        let pt = pt(px, py)
        return pt == 0 ? (pz >= 0 ? .infinity : -.infinity) : asinh(pz / pt)
    }

    @inline(__always) static func phi(_ px: Double, _ py: Double) -> Double { atan2(py, px) }

    /// Four-vectors from arrays of pt, eta, phi and mass.
    ///
    /// px and py are pt times the cosine and sine of phi, and pz is pt times sinh(eta), each computed for
    /// the whole array at once (4-wide with AVX2, see pocket_coffea_math.h); E is the square root of
    /// p² + m².
    init(pt: [Double], eta: [Double], phi: [Double], mass: [Double]) {
        let count = pt.count
        precondition(eta.count == count && phi.count == count && mass.count == count, "unequal kinematic arrays")
        var py: [Double] = []
        let px = [Double](unsafeUninitializedCapacity: count) { px, pxCount in
            py = [Double](unsafeUninitializedCapacity: count) { py, pyCount in
                pt.withUnsafeBufferPointer { pt in
                    phi.withUnsafeBufferPointer { phi in
                        pocket_coffea_polar(pt.baseAddress, phi.baseAddress, px.baseAddress, py.baseAddress, count)
                    }
                }
                pyCount = count
            }
            pxCount = count
        }
        var pz = [Double](unsafeUninitializedCapacity: count) { sinhEta, sinhCount in
            eta.withUnsafeBufferPointer { eta in pocket_coffea_sinh(eta.baseAddress, sinhEta.baseAddress, count) }
            sinhCount = count
        }
        let energy = [Double](unsafeUninitializedCapacity: count) { energy, energyCount in
            pt.withUnsafeBufferPointer { pt in
                mass.withUnsafeBufferPointer { mass in
                    px.withUnsafeBufferPointer { px in
                        py.withUnsafeBufferPointer { py in
                            pz.withUnsafeMutableBufferPointer { pz in
                                for index in 0..<count {
                                    let (x, y, z) = (px[index], py[index], pt[index] * pz[index])
                                    pz[index] = z
                                    energy[index] = (x * x + y * y + z * z + mass[index] * mass[index]).squareRoot()
                                }
                            }
                        }
                    }
                }
            }
            energyCount = count
        }
        self.init(px: px, py: py, pz: pz, energy: energy)
    }

    public init(px: [Double], py: [Double], pz: [Double], energy: [Double]) {
        self.px = px
        self.py = py
        self.pz = pz
        self.energy = energy
    }

    /// `operation` on each index and the elements of three arrays of the same length.
    private static func map(
        _ a: [Double], _ b: [Double], _ c: [Double], _ operation: (Int, Double, Double, Double) -> Double
    ) -> [Double] {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeBufferPointer { c in
                    [Double](unsafeUninitializedCapacity: a.count) { target, count in
                        for index in 0..<a.count { target[index] = operation(index, a[index], b[index], c[index]) }
                        count = a.count
                    }
                }
            }
        }
    }
}
