import Configuration
import Testing

@Suite struct ExecutorSpecTests {
    let known: [String]

    init() throws {
        known = try RunOptionsResolver().knownExecutors
    }

    @Test func knowsTheSeedExecutors() {
        for name in ["iterative", "futures", "condor@lxplus", "condor@rubin"] {
            #expect(known.contains(name), "\(name) missing from \(known)")
        }
    }

    @Test(arguments: [
        ("iterative", "iterative", nil), ("condor@lxplus", "condor", "lxplus"), (" condor@rubin ", "condor", "rubin"),
    ])
    func resolvesNameAndSite(text: String, name: String, site: String?) throws {
        let spec = try ExecutorSpec(parsing: text, known: known)
        #expect(spec.name == name)
        #expect(spec.site == site)
    }

    @Test func rejectsUnknownExecutorListingKnownOnes() {
        let error = #expect(throws: ConfigurationError.self) { try ExecutorSpec(parsing: "slurm@psi", known: known) }
        #expect(error?.code == .unknownExecutor)
        #expect(error?.description.contains("condor@lxplus") == true)
        #expect(error?.description.contains("slurm@psi") == true)
    }

    @Test func suggestsASiteForABareBatchExecutor() {
        let error = #expect(throws: ConfigurationError.self) { try ExecutorSpec(parsing: "condor", known: known) }
        #expect(error?.description.contains("--executor condor@") == true)
    }
}
