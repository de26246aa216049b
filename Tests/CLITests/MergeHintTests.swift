import Testing

@testable import CLI

/// The one-liner merge-outputs prints after a merge is only given when it can be pasted as it is.
@Suite struct MergeHintTests {
    @Test func theHintReadsTheFileInItsForm() throws {
        let zip = try #require(PocketCoffea.MergeOutputs.plottingHint("/out/merged.zip", histogram: "hist/mll"))
        #expect(zip.contains("uhi.io.zip.read(zipfile.ZipFile('/out/merged.zip'), 'hist/mll')"))
        let json = try #require(PocketCoffea.MergeOutputs.plottingHint("/out/merged.json", histogram: "hist/mll"))
        #expect(json.contains("json.load(open('/out/merged.json'), object_hook=uhi.io.json.object_hook)['hist/mll']"))
    }

    @Test(arguments: [
        ("/out/run!2.zip", "hist/mll"), ("/out/it's.zip", "hist/mll"), ("/out/a\"b.zip", "hist/mll"),
        ("/out/$HOME.zip", "hist/mll"), ("/out/merged.zip", "hist/m'jj"), ("/out/merged.zip", "hist/m`jj"),
    ])
    func noHintWhenQuotingWouldBeNeeded(path: String, histogram: String) {
        #expect(PocketCoffea.MergeOutputs.plottingHint(path, histogram: histogram) == nil)
    }
}
