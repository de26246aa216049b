// CLI layer: the one printer of diagnostics. Errors are one line on stderr and a non-zero exit;
// warnings are one line each on stderr, so stdout stays clean for tables and paths.

import ArgumentParser
import Configuration
import Foundation

/// Where commands print warnings and errors.
enum Console {
    /// Prints `warning: MESSAGE` on stderr.
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
    }

    /// Prints `error: MESSAGE` on stderr.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }

    /// Runs `body`; a user error is printed as one line and becomes exit code 1.
    static func reportingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as ConfigurationError {
            error(failure.description)
            throw ExitCode.failure
        } catch let failure as CapabilityMissing {
            error(failure.description)
            throw ExitCode(CapabilityMissing.exitCode)
        }
    }
}

/// A request for a capability this build of pocket-coffea does not have yet.
struct CapabilityMissing: Error, CustomStringConvertible {
    /// The exit code for a missing capability, distinct from bad input (1).
    static let exitCode: Int32 = 3

    /// What the user asked for, such as "check-jobs".
    var what: String
    /// What is missing, in the user's terms.
    var missing: String
    /// What the user can do today instead, if anything.
    var instead: String?

    var description: String {
        "\(what): not available in this build: \(missing)" + (instead.map { ". \($0)" } ?? "")
    }
}
