import Condor
import Testing

@testable import CondorSimulator

@Suite struct ExitPolicyTests {
    func policy(_ commands: [String: String]) throws -> ExitPolicy {
        try ExitPolicy { key throws(SimulatorError) in commands[key] }
    }

    @Test func ourSubmitFilesRetryAFailedJobThreeTimes() throws {
        let policy = try policy(["on_exit_remove": "(ExitBySignal == False) && (ExitCode == 0)", "max_retries": "3"])
        #expect(
            policy.onExitRemove
                == "NumJobCompletions > JobMaxRetries || ExitCode =?= 0 || (ExitBySignal == False) && (ExitCode == 0)")
        #expect(policy.decide(.exited(returnValue: 0), completions: 1, attributes: [:]) == .remove)
        for completions in 1...3 {
            guard
                case .requeue(let reason) = policy.decide(
                    .exited(returnValue: 1), completions: completions, attributes: [:])
            else {
                Issue.record("run \(completions) should be requeued")
                continue
            }
            #expect(reason == "The job attribute OnExitRemove expression '\(policy.onExitRemove)' evaluated to FALSE")
        }
        #expect(policy.decide(.exited(returnValue: 1), completions: 4, attributes: [:]) == .remove)
        #expect(policy.decide(.killed(signal: 9, coreFile: nil), completions: 1, attributes: [:]) != .remove)
    }

    @Test func withoutRetriesTheUserExpressionAloneDecides() throws {
        #expect(try policy([:]).onExitRemove == "true")
        let strict = try policy(["on_exit_remove": "ExitCode == 0"])
        #expect(strict.decide(.exited(returnValue: 2), completions: 1, attributes: [:]) != .remove)
        guard case .hold(let reason) = strict.decide(.killed(signal: 9, coreFile: nil), completions: 1, attributes: [:])
        else {
            Issue.record("an undefined OnExitRemove holds the job")
            return
        }
        #expect(reason.hasSuffix("evaluated to UNDEFINED"))
        let byAttribute = try policy(["on_exit_remove": "MY.Done =?= true"])
        #expect(byAttribute.decide(.exited(returnValue: 1), completions: 1, attributes: ["done": "true"]) == .remove)
    }

    @Test func successExitCodeAndRetryUntil() throws {
        let policy = try policy(["success_exit_code": "3", "retry_until": "7"])
        #expect(policy.maxRetries == 2)
        #expect(
            policy.onExitRemove
                == "NumJobCompletions > JobMaxRetries || ExitCode =?= JobSuccessExitCode || (ExitCode =?= 7)")
        #expect(policy.decide(.exited(returnValue: 3), completions: 1, attributes: [:]) == .remove)
        #expect(policy.decide(.exited(returnValue: 7), completions: 1, attributes: [:]) == .remove)
        #expect(policy.decide(.exited(returnValue: 0), completions: 1, attributes: [:]) != .remove)
    }

    @Test func badValuesAreRefused() {
        #expect(throws: SimulatorError.self) { try policy(["max_retries": "many"]) }
        #expect(throws: SimulatorError.self) { try policy(["on_exit_remove": "time() > 0"]) }
    }
}
