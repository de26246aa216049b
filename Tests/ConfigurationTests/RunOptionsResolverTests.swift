import Configuration
import Testing

@Suite struct RunOptionsResolverTests {
    static let defaults = """
        general:
          scaleout: 1
          chunksize: 100
          retries: 20
          queue: espresso
        condor@lxplus:
          scaleout: 10
          queue: microcentury
          max-events-per-job: 5000
        iterative: {}
        """
    let resolver: RunOptionsResolver
    let lxplus = ExecutorSpec(name: "condor", site: "lxplus")

    init() throws {
        resolver = try RunOptionsResolver(defaultsText: Self.defaults, file: "defaults.yaml")
    }

    @Test func generalThenExecutorSection() throws {
        let (options, warnings) = try resolver.resolve(executor: lxplus)
        #expect(options.scaleout == 10)
        #expect(options.retries == 20)
        #expect(options.queue == "microcentury")
        #expect(options.chunksize == .scalar(100))
        #expect(warnings.isEmpty)
        let (iterative, _) = try resolver.resolve(executor: ExecutorSpec(name: "iterative"))
        #expect(iterative.scaleout == 1)
        #expect(iterative.queue == "espresso")
    }

    @Test func allFourLevels() throws {
        let custom = try YAMLReader.parse("scaleout: 50\nqueue: longlunch\nretries: 2\n")
        var cli = OrderedObject()
        cli["queue"] = .string("workday")
        let (options, _) = try resolver.resolve(executor: lxplus, customOptions: ("ro.yaml", custom), commandLine: cli)
        #expect(options.retries == 2)
        #expect(options.scaleout == 50)
        #expect(options.queue == "workday")
        #expect(options.maxEventsPerJob == .scalar(5000))
    }

    @Test func dictFormsReplaceScalarsAndBack() throws {
        let custom = try YAMLReader.parse("chunksize: {TTbar: 50000, default: 100000}\nmax-events-per-job: {DY: 10}\n")
        let (options, _) = try resolver.resolve(executor: lxplus, customOptions: ("ro.yaml", custom))
        #expect(options.chunksize == .perSample(values: [("TTbar", 50000)], fallback: 100000))
        #expect(options.chunksize?.value(for: "TTbar") == 50000)
        #expect(options.chunksize?.value(for: "DY") == 100000)
        #expect(options.maxEventsPerJob?.value(for: "DY") == 10)
        #expect(options.maxEventsPerJob?.value(for: "other") == nil)
        var cli = OrderedObject()
        cli["chunksize"] = .int(7)
        let (overridden, _) = try resolver.resolve(
            executor: lxplus, customOptions: ("ro.yaml", custom), commandLine: cli)
        #expect(overridden.chunksize == .scalar(7))
    }

    @Test func unknownKeysAreWarnedByName() throws {
        let custom = try YAMLReader.parse("scaleot: 3\nmax_events_per_job: 10\nfancy: true\n")
        let (_, warnings) = try resolver.resolve(executor: lxplus, customOptions: ("ro.yaml", custom))
        #expect(warnings.count == 3)
        #expect(warnings[0].contains("'scaleot'") && warnings[0].contains("did you mean 'scaleout'"))
        #expect(warnings[1].contains("did you mean 'max-events-per-job'"))
        #expect(warnings[2].contains("ro.yaml") && warnings[2].contains("'fancy'"))
    }

    @Test(arguments: [
        ("scaleout: 0", "'scaleout' must be at least 1, not 0"),
        ("scaleout: -3", "'scaleout' must be at least 1"),
        ("chunksize: 0", "'chunksize' must be at least 1"),
        ("chunksize: {A: -5}", "'chunksize.A' must be at least 1"),
        ("chunksize: many", "'chunksize' must be a positive number or a mapping"),
        ("skip-bad-files: maybe", "'skip-bad-files' must be true or false"),
        ("output-format: root", "'output-format' must be json or zip, not 'root'"),
        ("- a list", "must be a mapping of option: value"),
    ])
    func badValuesNameFileAndKey(text: String, message: String) throws {
        let custom = try YAMLReader.parse(text)
        let error = #expect(throws: ConfigurationError.self) {
            try resolver.resolve(executor: lxplus, customOptions: ("ro.yaml", custom))
        }
        #expect(error?.file == "ro.yaml")
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
    }

    @Test func stringNumbersAreAcceptedAndNormalized() throws {
        let custom = try YAMLReader.parse("scaleout: '12'\nblocklist-sites: T2_A, T2_B\n")
        let (options, _) = try resolver.resolve(executor: lxplus, customOptions: ("ro.yaml", custom))
        #expect(options.scaleout == 12)
        #expect(options.blocklistSites == ["T2_A", "T2_B"])
    }

    @Test func builtInDefaultsAreValidAndComplete() throws {
        let builtIn = try RunOptionsResolver()
        let (options, _) = try builtIn.resolve(executor: ExecutorSpec(name: "condor", site: "lxplus"))
        #expect(options.queue == "microcentury")
        #expect(options.jobName == "job")
        #expect(options.chunksize != nil)
        #expect(options.workerImage != nil)
        #expect(options.outputFormat == .zip)
        let (local, _) = try builtIn.resolve(executor: ExecutorSpec(name: "futures"))
        #expect(local.outputFormat == .json)
        let custom = try YAMLReader.parse("output-format: JSON\n")
        let (chosen, _) = try builtIn.resolve(executor: lxplus, customOptions: ("ro.yaml", custom))
        #expect(chosen.outputFormat == .json)
    }

    @Test func defaultsFileWithUnknownKeyIsRejected() {
        let error = #expect(throws: ConfigurationError.self) {
            try RunOptionsResolver(defaultsText: "general:\n  nonsense: 1\n", file: "d.yaml")
        }
        #expect(error?.code == .unknownKey)
        #expect(error?.file == "d.yaml")
    }
}
