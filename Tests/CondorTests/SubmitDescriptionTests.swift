import Condor
import Testing

@Suite struct SubmitDescriptionTests {
    @Test func rendersCommandsInOrderAndTheInlineQueue() {
        var description = SubmitDescription()
        description.set("Executable", "job.sh")
        description.set("arguments", "$(ProcId) config_job_$(ProcId).json $(chunksize)")
        description.set("Executable", "other.sh")
        description.queue = .from(variable: "chunksize", items: ["100", "200"])
        #expect(
            description.text == """
                Executable = other.sh
                arguments = $(ProcId) config_job_$(ProcId).json $(chunksize)
                queue chunksize from (
                  100
                  200
                )

                """)
    }

    @Test(arguments: [
        ("1 job(s) submitted to cluster 4242.", SubmitReceipt(jobCount: 1, cluster: 4242)),
        ("Submitting job(s)...\n17 job(s) submitted to cluster 981.\n", SubmitReceipt(jobCount: 17, cluster: 981)),
    ])
    func parsesTheReceipt(output: String, receipt: SubmitReceipt) {
        #expect(CondorSubmitter.parseReceipt(output) == receipt)
    }

    @Test func noReceiptInAnErrorMessage() {
        #expect(CondorSubmitter.parseReceipt("ERROR: on Line 3 of submit file: \nERROR: Failed to parse") == nil)
    }

    @Test func missingCondorSubmitIsAClearError() {
        let error = #expect(throws: CondorSubmitError.self) {
            try CondorSubmitter(program: "/nonexistent/condor_submit").submit(file: "jobs_all.sub", in: "/tmp")
        }
        #expect(error?.description.contains("was not found") == true)
    }

    @Test func classAdStringsAreQuoted() {
        #expect(SubmitValue.classAdString("a\"b\\c") == #""a\"b\\c""#)
        #expect(SubmitValue.problem(with: "/eos/user/a/$(x)") != nil)
        #expect(SubmitValue.problem(with: "/tmp/a,b", inList: true) != nil)
        #expect(SubmitValue.problem(with: "/tmp/with space/x") == nil)
    }

    @Test func flavourLadder() {
        #expect(JobFlavour.microcentury.bumped(by: 1) == .longlunch)
        #expect(JobFlavour.testmatch.bumped(by: 5) == .nextweek)
        #expect(JobFlavour.espresso.seconds == 1200)
    }
}
