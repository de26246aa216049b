import Condor
import Foundation
import TestSupport
import Testing

@Suite struct SubmitFileTests {
    static let batch = """
        Executable = job.sh
        Log = /jobs/logs/job_$(ClusterId).log
        Output = /jobs/logs/job_$(ClusterId).$(ProcId).out
        +JobFlavour = "microcentury"
        arguments = $(ProcId) config_job_$(ProcId).json $(chunksize)
        transfer_input_files = /jobs/config_job_$(ProcId).json,/jobs/job.sh
        queue chunksize from (
          150000
          # a comment line
          200000
        )

        """

    @Test func ourBatchFileQueuesOneJobPerLine() throws {
        let file = try SubmitFile(parsing: Self.batch)
        #expect(file.blocks.count == 1)
        #expect(file.blocks[0].queue == QueueStatement(variables: ["chunksize"], items: [["150000"], ["200000"]]))
        let jobs = file.jobs(cluster: 42)
        #expect(jobs.map(\.id) == [CondorJobID(cluster: 42, proc: 0), CondorJobID(cluster: 42, proc: 1)])
        #expect(try jobs[1].value("arguments") == "1 config_job_1.json 200000")
        #expect(try jobs[1].value("log") == "/jobs/logs/job_42.log")
        #expect(try jobs[1].value("Output") == "/jobs/logs/job_42.1.out")
        #expect(try jobs[0].value("+JobFlavour") == "\"microcentury\"")
        #expect(try jobs[0].value("MY.JobFlavour") == "\"microcentury\"")
        #expect(try jobs[0].value("requirements") == nil)
    }

    @Test func macrosDefaultsLoopsAndMatchTimeReferences() throws {
        let macros = SubmitMacros(["A": "x$(b)", "b": "y", "loop": "$(loop)"], environment: ["HOME": "/h"])
        #expect(
            try macros.expand("$(a)-$(B)-$(none)-$(none:d$(b))-$$(Attr)-$ENV(HOME)-$5-$") == "xy-y--dy-$$(Attr)-/h-$5-$"
        )
        #expect(throws: SubmitFileError.self) { try macros.expand("$(loop)") }
        #expect(throws: SubmitFileError.self) { try macros.expand("$(unclosed") }
        let unsupported = #expect(throws: SubmitFileError.self) { try macros.expand("$INT(ClusterId,%05d)") }
        #expect(unsupported?.message.contains("$INT(…) is not supported") == true)
    }

    @Test(arguments: [
        ("queue", QueueStatement()),
        ("QUEUE 3", QueueStatement(count: 3)),
        ("queue in (a, b c)", QueueStatement(variables: ["Item"], items: [["a"], ["b"], ["c"]])),
        ("queue 2 name in x,y", QueueStatement(count: 2, variables: ["name"], items: [["x"], ["y"]])),
        (
            "queue a, b from (\n  1, 2 3\n  4\n)",
            QueueStatement(variables: ["a", "b"], items: [["1", "2 3"], ["4", ""]])
        ),
        ("queue v from (one)", QueueStatement(variables: ["v"], items: [["one"]])),
    ])
    func queueStatements(text: String, expected: QueueStatement) throws {
        let file = try SubmitFile(parsing: "executable = x\n" + text + "\n")
        #expect(file.blocks.first?.queue == expected)
        #expect(file.jobs(cluster: 1).count == expected.jobCount)
    }

    @Test func severalQueueStatementsShareTheClusterAndTheirCommands() throws {
        let file = try SubmitFile(
            parsing: "arguments = a $(Step) $(ItemIndex)\nqueue 2\narguments = b \\\n  $(Item)\nqueue in (p, q)\n")
        let jobs = file.jobs(cluster: 7)
        #expect(try jobs.map { try $0.value("arguments") } == ["a 0 0", "a 1 0", "b p", "b q"])
        #expect(jobs.map(\.id.proc) == [0, 1, 2, 3])
    }

    @Test func itemsFromAFile() throws {
        let folder = TestPaths.scratchFolder("submit-items")
        TestPaths.write("a 1\nb 2\n", to: "items.txt", in: folder)
        let path = TestPaths.write("arguments = $(x)=$(y)\nqueue x y from items.txt\n", to: "j.sub", in: folder)
        let jobs = try SubmitFile(contentsOf: path).jobs(cluster: 1)
        #expect(try jobs.map { try $0.value("arguments") } == ["a=1", "b=2"])
    }

    @Test(arguments: [
        ("executable = x\n", 0, "no queue statement"),
        ("executable x\nqueue\n", 1, "expected 'KEY = VALUE'"),
        ("a = 1\n= 2\nqueue\n", 2, "no valid key"),
        ("a = 1\nqueue v from (\n 1\n", 2, "never closed"),
        ("queue f matching *.txt\n", 1, "matching' is not supported"),
        ("queue v from [1:] (a)\n", 1, "slices"),
        ("queue 3 stray\n", 1, "expected 'queue [N] [VARS] in|from"),
        ("queue a, b in (x)\n", 1, "sets one variable"),
    ])
    func errorsNameTheLine(text: String, line: Int, message: String) {
        let error = #expect(throws: SubmitFileError.self) { try SubmitFile(parsing: text, path: "f.sub") }
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        if line > 0 { #expect(error?.line == line) }
        #expect(error?.description.hasPrefix("f.sub") == true)
    }

    @Test func anExpansionErrorNamesTheKeyAndLine() throws {
        let job = try #require(try SubmitFile(parsing: "a = 1\nLog = $F(x)\nqueue\n").jobs(cluster: 1).first)
        let error = #expect(throws: SubmitFileError.self) { try job.value("log") }
        #expect(error?.line == 2)
        #expect(error?.message.hasPrefix("Log of job 1.0: ") == true)
    }

    // MARK: - Against HTCondor's parser

    static let keys = ["arguments", "Log", "Output", "transfer_input_files", "MY.JobFlavour", "Executable"]

    @Test(.enabled(if: TestPaths.htcondorPython != nil, "needs .venv with PyPI htcondor (make test creates it)"))
    func expandsLikeHTCondor() throws {
        let folder = TestPaths.scratchFolder("submit-expand")
        let texts = [
            Self.batch,
            Self.batch.replacingOccurrences(of: "queue chunksize from (", with: "queue 2 chunksize from ("),
            """
            Executable = $(prog:job.sh)
            base = /data/$(name)
            Log = $(base)/$(ClusterId)_$(Cluster).log
            Output = $(base)/$(JobId).$(Step).$(ItemIndex).$(Row).out
            +JobFlavour = "$(flavour:espresso)"
            arguments = "$(name) $(rest) $$(Memory) $(Process)"
            transfer_input_files = $(base)/in,  $(undefined)x
            queue 2 name, rest from (
              DY_2018, 20 extra  words
              TT,3
              solo
            )

            """,
            "Executable = a\narguments = $(Item)\nqueue 3 in (x, y  z)\n",
        ]
        let python = try #require(TestPaths.htcondorPython)
        for (index, text) in texts.enumerated() {
            let path = TestPaths.write(text, to: "case\(index).sub", in: folder)
            let result = try CommandResult.run(
                python, [TestPaths.repositoryFile("scripts/expand-submit-file.py"), path, "31"] + Self.keys)
            #expect(result.status == 0, "\(result.stderr)")
            let reference = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            let theirJobs = reference?["jobs"] as? [[String: Any]] ?? []
            let ours = try SubmitFile(contentsOf: path)
            let keys = reference?["keys"] as? [String] ?? []
            #expect(ours.blocks.last?.commands.map(\.key) == keys, "case \(index)")
            let jobs = ours.jobs(cluster: 31)
            #expect(jobs.count == theirJobs.count, "case \(index)")
            for (job, theirs) in zip(jobs, theirJobs) {
                for key in Self.keys {
                    #expect(try job.value(key) == theirs[key] as? String, "case \(index) job \(job.id) \(key)")
                }
            }
        }
    }
}
