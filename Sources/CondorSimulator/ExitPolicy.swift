// Condor simulator: what happens when a job exits — it leaves the queue, or it is requeued to run
// again — from the job's OnExitRemove expression, built the way condor_submit builds it
// (submit_utils.cpp): with `max_retries`, `success_exit_code` or `retry_until` set,
//
//   OnExitRemove = NumJobCompletions > JobMaxRetries || ExitCode =?= <success code> [|| retry_until] [|| on_exit_remove]
//
// (JobMaxRetries defaults to 2 when only the others are set); otherwise `on_exit_remove`, or true.

import Condor

/// A job's exit policy.
struct ExitPolicy: Codable, Sendable, Hashable {
    /// The OnExitRemove expression as HTCondor would store it.
    var onExitRemove: String
    /// JobMaxRetries, when retries are on.
    var maxRetries: Int?
    /// JobSuccessExitCode, when `success_exit_code` is set.
    var successExitCode: Int?

    /// What OnExitRemove said at an exit.
    enum Decision: Equatable {
        /// The job leaves the queue (005).
        case remove
        /// The job goes back to idle and runs again (004 with the reason).
        case requeue(reason: String)
        /// The expression was undefined: HTCondor holds the job (012, code 5).
        case hold(reason: String)
    }

    /// The policy of a job whose commands are read through `value`.
    ///
    /// - Throws: ``SimulatorError`` for an expression the simulator cannot evaluate or a bad number.
    init(value: (String) throws(SimulatorError) -> String?) throws(SimulatorError) {
        let userExpression = try value("on_exit_remove")
        maxRetries = try Self.integer(value("max_retries"), "max_retries")
        successExitCode = try Self.integer(value("success_exit_code"), "success_exit_code")
        var retryUntil = try value("retry_until")
        if let text = retryUntil, let code = Int(text) { retryUntil = "ExitCode =?= \(code)" }
        if maxRetries == nil, successExitCode != nil || retryUntil != nil { maxRetries = 2 }
        if maxRetries != nil {
            var expression =
                "NumJobCompletions > JobMaxRetries || ExitCode =?= "
                + (successExitCode == nil ? "0" : "JobSuccessExitCode")
            if let retryUntil { expression += " || (\(retryUntil))" }
            if let userExpression { expression += " || " + Self.wrapped(userExpression) }
            onExitRemove = expression
        } else {
            onExitRemove = userExpression ?? "true"
        }
        _ = try ClassAdExpression.parse(onExitRemove)
    }

    /// The decision at an exit, the job having exited `completions` times including this one.
    func decide(
        _ termination: UserLogEvent.Termination, completions: Int, attributes: [String: String]
    ) -> Decision {
        guard let expression = try? ClassAdExpression.parse(onExitRemove) else {
            return .hold(reason: "The job attribute OnExitRemove expression '\(onExitRemove)' evaluated to ERROR")
        }
        let value = expression.evaluate { name in
            switch name {
            case "exitcode":
                if case .exited(let code) = termination { return .integer(code) }
                return .undefined
            case "exitbysignal":
                if case .killed = termination { return .boolean(true) }
                return .boolean(false)
            case "exitsignal":
                if case .killed(let signal, _) = termination { return .integer(signal) }
                return .undefined
            case "numjobcompletions": return .integer(completions)
            case "jobmaxretries": return maxRetries.map(ClassAdValue.integer) ?? .undefined
            case "jobsuccessexitcode": return successExitCode.map(ClassAdValue.integer) ?? .undefined
            default:
                guard let text = attributes[name], let literal = try? ClassAdExpression.parse(text),
                    case .literal(let value) = literal
                else { return .undefined }
                return value
            }
        }
        let reason = "The job attribute OnExitRemove expression '\(onExitRemove)' evaluated to "
        switch value {
        case .boolean(true): return .remove
        case .boolean(false): return .requeue(reason: reason + "FALSE")
        case .undefined: return .hold(reason: reason + "UNDEFINED")
        default: return .hold(reason: reason + "ERROR")
        }
    }

    /// `text` in parentheses unless it is one already (check_expr_and_wrap_for_op keeps `&&` bare).
    private static func wrapped(_ text: String) -> String {
        text.contains("?") ? "(\(text))" : text
    }

    private static func integer(_ text: String?, _ key: String) throws(SimulatorError) -> Int? {
        guard let text else { return nil }
        guard let number = Int(text) else { throw SimulatorError("\(key) = \(text) is not a whole number") }
        return number
    }
}
