import Foundation
import Testing

@testable import Columnar

@Suite struct FourVectorsTests {
    /// px and py come from one sincos call; they must be the bits sin and cos give, so histograms stay
    /// equal bin for bin to the other tools'.
    @Test func componentsUseTheBitsOfSinAndCos() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for index in 0..<200_000 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            let unit = Double(state >> 11) / 9_007_199_254_740_992
            let phi = index % 2 == 0 ? unit * 2 * .pi - .pi : unit * 2000 - 1000
            let (px, py, _, _) = FourVectors.components(pt: 1, eta: 0, phi: phi, mass: 0)
            guard px.bitPattern == cos(phi).bitPattern, py.bitPattern == sin(phi).bitPattern else {
                Issue.record("phi \(phi): (\(px), \(py)) differs from (\(cos(phi)), \(sin(phi)))")
                return
            }
        }
    }
}
