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
}
