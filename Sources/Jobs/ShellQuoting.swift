// Jobs layer: every value pasted into job.sh goes through here, so no path, dataset name or option
// ever reaches the shell unquoted.

/// POSIX shell quoting.
public enum ShellQuoting {
    /// `text` as one shell word: wrapped in single quotes, with each `'` written as `'\''`.
    public static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
