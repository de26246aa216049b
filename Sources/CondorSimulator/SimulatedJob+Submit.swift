// Condor simulator: a queued job built from one job of a submit file, as condor_submit checks and
// resolves it — paths against `initialdir`, the executable must exist, the log's folder must exist,
// the wall time from `+MaxRuntime` or CERN's `+JobFlavour` (scaled), requests with their units, the
// exit policy. Commands that would change what a job does and that the simulator does not implement
// are refused, rather than silently ignored.

import Condor
import Foundation

extension SimulatedJob {
    /// Commands the simulator refuses, with what to do instead.
    static let unsupportedCommands = [
        "transfer_output_files": "remove it: the simulator transfers back every new top-level file",
        "transfer_output_remaps": "remove it", "on_exit_hold": "remove it", "periodic_hold": "remove it",
        "periodic_remove": "remove it: the simulator only applies the pool's wall-time limit",
        "periodic_release": "remove it", "hold": "remove it", "queue_item_file": "remove it",
    ]

    /// The job `job` of a submit file, submitted from `directory` with `environment`.
    ///
    /// - Throws: ``SimulatorError`` worded as condor_submit words it.
    init(
        _ job: SubmitJob, directory: String, environment: [String: String], settings: SimulatorSettings
    ) throws(SimulatorError) {
        func value(_ key: String) throws(SimulatorError) -> String? {
            do {
                return try job.value(key).flatMap { $0.isEmpty ? nil : $0 }
            } catch {
                throw SimulatorError(error.description)
            }
        }
        for command in job.commands {
            if let advice = Self.unsupportedCommands[command.key.lowercased()] {
                throw SimulatorError(
                    "the simulator does not implement '\(command.key)' (line \(command.line)); \(advice)")
            }
        }
        if let universe = try value("universe"), universe.lowercased() != "vanilla" {
            throw SimulatorError("the simulator runs vanilla-universe jobs only, not universe = \(universe)")
        }
        let base = Self.absolute(try value("initialdir") ?? directory, in: directory)
        guard let executableName = try value("executable") else {
            throw SimulatorError("No 'executable' parameter was provided")
        }
        let executable = Self.absolute(executableName, in: base)
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw SimulatorError("Executable file \(executable) does not exist or is not executable")
        }
        let log = try value("log").map { Self.absolute($0, in: base) }
        if let log {
            let folder = (log as NSString).deletingLastPathComponent
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw SimulatorError("Invalid log file: \"\(log)\" (No such file or directory)")
            }
        }
        let inputs = (try value("transfer_input_files") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map { Self.absolute($0, in: base) }
        let stdin = try value("input").map { Self.absolute($0, in: base) }
        let transferExecutable = try value("transfer_executable")?.lowercased() != "false"
        self.init(
            cluster: job.id.cluster, proc: job.id.proc, submitDirectory: base, executable: executable,
            arguments: try JobArguments.split(value("arguments") ?? ""),
            inputs: (transferExecutable ? [executable] : []) + (stdin.map { [$0] } ?? []) + inputs,
            transfersFiles: try value("should_transfer_files")?.uppercased() != "NO",
            transfersExecutable: transferExecutable,
            input: stdin, output: try value("output").map { Self.absolute($0, in: base) },
            error: try value("error").map { Self.absolute($0, in: base) }, log: log,
            wallTimeLimit: try Self.wallTime(value).map { $0 * settings.timeScale },
            requestCpus: try Self.count(value("RequestCpus") ?? "1", "RequestCpus"),
            requestMemoryMB: try ResourceSize.parse(
                value("RequestMemory") ?? "128", key: "RequestMemory", unit: 1_048_576),
            requestDiskKB: try ResourceSize.parse(value("RequestDisk") ?? "1048576", key: "RequestDisk", unit: 1024),
            exitPolicy: try ExitPolicy(value: value),
            attributes: Dictionary(
                job.commands.filter { $0.key.lowercased().hasPrefix("my.") }.map {
                    (String($0.key.lowercased().dropFirst(3)), $0.value)
                }
            ) { _, last in last },
            environment: try Self.environment(value, submitter: environment))
    }

    /// `path` made absolute against `folder`, with a trailing `/` kept.
    static func absolute(_ path: String, in folder: String) -> String {
        path.hasPrefix("/") ? path : folder + "/" + path
    }

    /// The wall time of `+MaxRuntime` (seconds) or `+JobFlavour`, unscaled.
    private static func wallTime(_ value: (String) throws(SimulatorError) -> String?) throws(SimulatorError)
        -> Double?
    {
        if let text = try value("MY.MaxRuntime") {
            guard let seconds = Double(text), seconds > 0 else {
                throw SimulatorError("+MaxRuntime = \(text) is not a number of seconds")
            }
            return seconds
        }
        guard let text = try value("MY.JobFlavour") else { return nil }
        let name = text.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard text.hasPrefix("\""), let flavour = JobFlavour(rawValue: name) else {
            throw SimulatorError(
                "+JobFlavour = \(text) is not a quoted CERN queue name; use one of \(JobFlavour.names), e.g. +JobFlavour = \"longlunch\""
            )
        }
        return Double(flavour.seconds)
    }

    private static func count(_ text: String, _ key: String) throws(SimulatorError) -> Int {
        guard let number = Int(text), number > 0 else {
            throw SimulatorError("\(key) = \(text) is not a positive whole number")
        }
        return number
    }

    /// `getenv` (true, or a comma-separated list of names) and `environment` ("A=1 B='x y'" or A=1;B=2).
    private static func environment(
        _ value: (String) throws(SimulatorError) -> String?, submitter: [String: String]
    ) throws(SimulatorError) -> [String: String] {
        var result: [String: String] = [:]
        if let getenv = try value("getenv") {
            switch getenv.lowercased() {
            case "true", "yes": result = submitter
            case "false", "no": break
            default:
                for name in getenv.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                    result[name] = submitter[name]
                }
            }
        }
        if let text = try value("environment") {
            let entries =
                text.hasPrefix("\"") ? try JobArguments.split(text) : text.split(separator: ";").map(String.init)
            for entry in entries {
                guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                    throw SimulatorError("environment = \(text): '\(entry)' is not NAME=VALUE")
                }
                result[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
            }
        }
        return result
    }
}
