import CLI
import Testing

@Suite struct MultiCallTests {
    @Test(arguments: MultiCall.linkNames)
    func aLinkNamedAfterASubcommandActsAsIt(name: String) {
        #expect(MultiCall.arguments(from: ["/usr/local/bin/\(name)", "-h"]) == [name, "-h"])
    }

    @Test func theMainNameKeepsItsArguments() {
        #expect(
            MultiCall.arguments(from: ["/opt/bin/pocket-coffea", "run", "--cfg", "a.yaml"]) == [
                "run", "--cfg", "a.yaml",
            ])
        #expect(MultiCall.arguments(from: ["pocket-coffea"]) == [])
    }

    @Test func aCondorSubmitLinkSubmitsToTheSimulator() {
        #expect(
            MultiCall.arguments(from: ["/home/me/sim/bin/condor_submit", "jobs_all.sub"]) == [
                "condor-sim", "submit", "jobs_all.sub",
            ])
    }
}
