import Configuration
import TestSupport
import Testing

/// Site profile files (`--executor-custom-setup`): parsing, checks, and where their options sit in the merge.
@Suite struct SiteDefinitionTests {
    @Test func theBundledExampleLoads() throws {
        let site = try SiteDefinition.load(path: TestPaths.repositoryFile("share/sites/example-site.yaml"))
        #expect(site.executor == "condor@t3-example")
        #expect(site.basedOn == "rubin")
        #expect(site.wallTime == .maxRuntime)
        #expect(!site.sharedFilesystem)
        #expect(!site.notifies)
        #expect(site.submitCommands.map(\.key) == ["+AccountingGroup", "requirements"])
        #expect(site.jobSetup == ["source /cvmfs/cms.cern.ch/cmsset_default.sh"])
    }

    @Test func optionsSitAboveTheBaseSiteAndBelowTheUser() throws {
        let site = try SiteDefinition(
            try YAMLReader.parse("site: t3\nbased-on: rubin\nrun-options: {mem-per-worker: 3GB, max-retries: 5}"))
        let resolver = try RunOptionsResolver()
        let user = try YAMLReader.parse("max-retries: 7")
        let (options, _) = try resolver.resolve(
            executor: ExecutorSpec(name: "condor", site: "t3"), customOptions: ("ro.yaml", user), site: site)
        #expect(options.memPerWorker == "3GB", "the profile overrides its base")
        #expect(options.maxRunTime == 21600, "the base site's defaults still apply")
        #expect(options.maxRetries == 7, "the -ro file overrides the profile")
        #expect(options.scaleout == 1, "general defaults apply")
    }

    @Test(arguments: [
        ("based-on: lxplus", "site", "needs 'site'"),
        ("site: t3\nflavour: x", "flavour", "unknown site-profile key 'flavour'"),
        ("site: t3\nwall-time: hours", "wall-time", "'wall-time' must be one of job-flavour, max-runtime, none"),
        ("site: t3\nbased-on: cnaf", "based-on", "unknown base site 'cnaf'"),
        ("site: t3\nrun-options: {scaleout: many}", "run-options.scaleout", "scaleout"),
        ("site: t3\nsubmit: {\"a b\": 1}", "submit.a b", "one line"),
        ("site: 't3 x'", "site", "letters, digits"),
    ])
    func badProfilesNameTheKey(text: String, location: String, message: String) throws {
        let error = #expect(throws: ConfigurationError.self) { try SiteDefinition(try YAMLReader.parse(text)) }
        #expect(error?.location == location)
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
    }
}
