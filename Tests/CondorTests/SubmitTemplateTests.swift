import Condor
import Foundation
import Testing

@Suite struct SubmitTemplateTests {
    /// The description with every macro replaced by its value in every command value, one macro after
    /// the other with string replacement: what job_N.sub was built with before templates.
    func replaced(_ description: SubmitDescription, _ macros: [String], _ values: [String]) -> String {
        description.mappingValues { _, value in
            zip(macros, values).reduce(value) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
        }.text
    }

    @Test func fillingTheTemplateEqualsReplacingTheMacros() {
        var description = SubmitDescription()
        description.set("Executable", "job.sh")
        description.set("Log", "/jobs/logs/job_$(ClusterId).$(ProcId).log")
        description.set("arguments", "$(ProcId) config_job_$(ProcId).json $(chunksize)")
        description.set("transfer_input_files", "/jobs/config_job_$(ProcId).json,/jobs/job.sh")
        description.set("MY.Odd", "$(ProcId)$(chunksize)$(ProcId$(chunksize) $(Proc $(procid) $$(ProcId) é")
        description.set("empty", "")
        description.set("$(ProcId)", "keys are not filled")
        let macros = ["$(ProcId)", "$(chunksize)"]
        let template = SubmitTemplate(description, filling: macros)
        for values in [["0", "150000"], ["4999", "1"], ["12", ""]] {
            #expect(template.text(values) == replaced(description, macros, values))
        }
        #expect(template.text(["7", "9"]).hasSuffix("\nqueue\n"))
    }

    @Test func theQueueStatementIsKept() {
        var description = SubmitDescription()
        description.set("arguments", "$(ProcId)")
        description.queue = .from(variable: "chunksize", items: ["1", "$(ProcId)"])
        let template = SubmitTemplate(description, filling: ["$(ProcId)"])
        #expect(template.text(["3"]) == "arguments = 3\nqueue chunksize from (\n  1\n  $(ProcId)\n)\n")
    }
}
