// Condor layer: one job of a submit file, whose values are expanded with its own macros.

/// One queued job: its id and its commands, expanded on request.
public struct SubmitJob: Sendable {
    /// The job's cluster and proc.
    public var id: CondorJobID
    /// The commands in force for it, in file order.
    public var commands: [SubmitFile.Command]
    /// Its macros: commands, queue variables and automatic variables.
    public var macros: SubmitMacros

    /// The unexpanded value of `key` (case-insensitive; `+Attr` may be written `MY.Attr`), the last one set.
    public func raw(_ key: String) -> String? {
        command(key)?.value
    }

    /// The value of `key` with its macros expanded, or `nil` when the job does not set it.
    ///
    /// - Throws: ``SubmitFileError`` when a macro cannot be expanded.
    public func value(_ key: String) throws(SubmitFileError) -> String? {
        guard let command = command(key) else { return nil }
        do {
            return try macros.expand(command.value)
        } catch var error {
            error.message = "\(command.key) of job \(id): " + error.message
            error.line = command.line
            throw error
        }
    }

    private func command(_ key: String) -> SubmitFile.Command? {
        let wanted = (key.hasPrefix("+") ? "MY." + key.dropFirst() : key).lowercased()
        return commands.last { $0.key.lowercased() == wanted }
    }
}
