// Benchmark: one check-jobs poll of the HTCondor user logs of 10,000 jobs, with UserLogReader.
// scripts/bench-user-log-poll.sh runs it beside HTCondor's own reader (htcondor2.JobEventLog) on the
// same files and prints the ratios.
//
//   user-log-poll-bench generate DIR [--jobs N]   write the logs of N finished jobs, two layouts:
//       DIR/per-job/job_C.P.log   one log per job (job_N.sub resubmissions write these)
//       DIR/cluster/job_1.log     one log for all jobs (jobs_all.sub writes this)
//   user-log-poll-bench append DIR [--every K]    append one event for every K-th job, in both layouts
//   user-log-poll-bench measure DIR [--jobs N] [--runs R] [--every K]
//       per run: generate, then time a first poll (everything new), an idle poll (nothing new) and,
//       after `append`, an incremental poll; prints one JSON object of medians in seconds.

import Condor
import Foundation

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String, _ fallback: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    defer { arguments.removeSubrange(index...index + 1) }
    return Int(arguments[index + 1]) ?? fallback
}
let jobs = option("--jobs", 10_000)
let runs = option("--runs", 3)
let every = option("--every", 10)
guard arguments.count == 2, ["generate", "append", "measure"].contains(arguments[0]) else {
    FileHandle.standardError.write(Data("usage: user-log-poll-bench generate|append|measure DIR [--jobs N]\n".utf8))
    exit(2)
}
let folder = arguments[1]
let time = UserLogTimestamp(style: .isoDate, year: 2025, month: 6, day: 1, hour: 12, minute: 0, second: 0)
let host = "<127.0.0.1:9618?addrs=127.0.0.1-9618&alias=bench&noUDP&sock=schedd_1_abcd>"

/// The events of a finished job, as the simulator (and HTCondor 10+) writes them.
func finishedJob(_ proc: Int) -> String {
    let job = CondorJobID(cluster: 1, proc: proc)
    var statistics = UserLogEvent.RunStatistics()
    statistics.runRemote = .init(user: 1800 + proc % 600, system: 20)
    statistics.totalRemote = statistics.runRemote
    statistics.runBytesReceived = 12_000
    statistics.totalBytesReceived = 12_000
    let events: [UserLogEvent] = [
        .submitted(job, at: time, host: host),
        .fileTransfer(job, at: time, stage: .inputStarted, host: host),
        .fileTransfer(job, at: time, stage: .inputFinished),
        .executing(
            job, at: time, host: host, slotName: "slot1_\(proc % 32)@bench",
            properties: [
                "CondorScratchDir": "\"/pool/condor/dir_\(proc)\"", "Cpus": "1", "Disk": "2097152", "Memory": "2048",
            ]),
        .fileTransfer(job, at: time, stage: .outputStarted), .fileTransfer(job, at: time, stage: .outputFinished),
        .terminated(
            job, at: time, termination: .exited(returnValue: 0), statistics: statistics,
            resources: [
                .init(name: "Cpus", usage: nil, request: 1, allocated: 1),
                .init(name: "Disk", usage: 4_512, request: 2_097_152, allocated: 2_097_152),
                .init(name: "Memory", usage: 1_400, request: 2048, allocated: 2048),
            ]),
    ]
    return events.map(\.logText).joined()
}

/// An event appended later: the job held (what a poll must notice).
func lateEvent(_ proc: Int) -> String {
    UserLogEvent.held(CondorJobID(cluster: 1, proc: proc), at: time, reason: "bench", code: 26, subcode: 0).logText
}

func perJobPath(_ proc: Int) -> String { folder + "/per-job/job_1.\(proc).log" }
let clusterPath = folder + "/cluster/job_1.log"

func generate() throws {
    for sub in ["per-job", "cluster"] {
        try? FileManager.default.removeItem(atPath: folder + "/" + sub)
        try FileManager.default.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true)
    }
    var cluster = Data()
    for proc in 0..<jobs {
        let text = Data(finishedJob(proc).utf8)
        try text.write(to: URL(fileURLWithPath: perJobPath(proc)))
        cluster += text
    }
    try cluster.write(to: URL(fileURLWithPath: clusterPath))
}

func append() throws {
    var cluster = ""
    for proc in stride(from: 0, to: jobs, by: every) {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: perJobPath(proc)))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(lateEvent(proc).utf8))
        try handle.close()
        cluster += lateEvent(proc)
    }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: clusterPath))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(cluster.utf8))
    try handle.close()
}

func seconds(_ work: () -> Int) -> (Double, Int) {
    let start = DispatchTime.now().uptimeNanoseconds
    let count = work()
    return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, count)
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

switch arguments[0] {
case "generate":
    try generate()
case "append":
    try append()
default:
    var timings: [String: [Double]] = [:]
    var counts: [String: Int] = [:]
    let layouts = ["per_job": (0..<jobs).map(perJobPath), "cluster": [clusterPath]]
    for _ in 0..<runs {
        try generate()
        var readers = layouts.mapValues { _ in UserLogReader() }
        for step in ["first", "idle", "incremental"] {
            if step == "incremental" { try append() }
            for (layout, paths) in layouts.sorted(by: { $0.key < $1.key }) {
                let (elapsed, events) = seconds {
                    let poll = readers[layout]?.poll(paths)
                    return poll?.events.values.reduce(0) { $0 + $1.count } ?? 0
                }
                timings["\(layout)_\(step)", default: []].append(elapsed)
                counts["\(layout)_\(step)_events"] = events
            }
        }
    }
    var result: [String: Any] = timings.mapValues(median)
    for (key, value) in counts { result[key] = value }
    result["jobs"] = jobs
    let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
}
