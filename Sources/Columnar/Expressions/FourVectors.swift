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

    public var pt: [Double] { Self.map(px, py) { px, py in (px * px + py * py).squareRoot() } }
    public var mass: [Double] {
        energy.withUnsafeBufferPointer { energy in
            Self.map(px, py, pz) { index, px, py, pz in
                let squared = energy[index] * energy[index] - px * px - py * py - pz * pz
                return squared.isNaN ? .nan : (squared > 0 ? squared.squareRoot() : -(-squared).squareRoot())
            }
        }
    }
    public var eta: [Double] {
        Self.map(px, py, pz) { _, px, py, pz in
            let pt = (px * px + py * py).squareRoot()
            return pt == 0 ? (pz >= 0 ? .infinity : -.infinity) : asinh(pz / pt)
        }
    }
    public var phi: [Double] { Self.map(py, px) { py, px in atan2(py, px) } }

    /// Four-vectors from arrays of pt, eta, phi and mass.
    init(pt: [Double], eta: [Double], phi: [Double], mass: [Double]) {
        let count = pt.count
        var (px, py, pz, energy): ([Double], [Double], [Double], [Double]) = ([], [], [], [])
        pt.withUnsafeBufferPointer { pt in
            eta.withUnsafeBufferPointer { eta in
                phi.withUnsafeBufferPointer { phi in
                    mass.withUnsafeBufferPointer { mass in
                        px = [Double](unsafeUninitializedCapacity: count) { px, pxCount in
                            py = [Double](unsafeUninitializedCapacity: count) { py, pyCount in
                                pz = [Double](unsafeUninitializedCapacity: count) { pz, pzCount in
                                    energy = [Double](unsafeUninitializedCapacity: count) { energy, energyCount in
                                        for index in 0..<count {
                                            (px[index], py[index], pz[index], energy[index]) = Self.components(
                                                pt: pt[index], eta: eta[index], phi: phi[index], mass: mass[index])
                                        }
                                        energyCount = count
                                    }
                                    pzCount = count
                                }
                                pyCount = count
                            }
                            pxCount = count
                        }
                    }
                }
            }
        }
        self.init(px: px, py: py, pz: pz, energy: energy)
    }

    public init(px: [Double], py: [Double], pz: [Double], energy: [Double]) {
        self.px = px
        self.py = py
        self.pz = pz
        self.energy = energy
    }

    /// The four-vectors at `positions`.
    func gathered(_ positions: [Int32]) -> FourVectors {
        func gather(_ values: [Double]) -> [Double] {
            values.withUnsafeBufferPointer { values in positions.map { values[Int($0)] } }
        }
        return FourVectors(px: gather(px), py: gather(py), pz: gather(pz), energy: gather(energy))
    }

    /// From pt, eta, phi, mass.
    static func components(pt: Double, eta: Double, phi: Double, mass: Double) -> (Double, Double, Double, Double) {
        var (sine, cosine) = (0.0, 0.0)
        pocket_coffea_sincos(phi, &sine, &cosine)
        let px = pt * cosine
        let py = pt * sine
        let pz = pt * sinh(eta)
        let p2 = px * px + py * py + pz * pz
        return (px, py, pz, (p2 + mass * mass).squareRoot())
    }

    /// `operation` on the elements of two arrays of the same length.
    private static func map(_ a: [Double], _ b: [Double], _ operation: (Double, Double) -> Double) -> [Double] {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                [Double](unsafeUninitializedCapacity: a.count) { target, count in
                    for index in 0..<a.count { target[index] = operation(a[index], b[index]) }
                    count = a.count
                }
            }
        }
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
