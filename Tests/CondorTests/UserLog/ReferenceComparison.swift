// Test helper: checks one of our events against the attributes htcondor2.JobEventLog read for it.

import Condor
import Foundation
import Testing

enum ReferenceComparison {
    static func expect(_ event: UserLogEvent, matches theirs: [String: Any], in path: String) {
        let place = "\(path): \(event.kind) \(event.job)"
        #expect(event.kind.rawValue == theirs["type"] as? Int, "\(place)")
        // htcondor2 leaves out an id or size of -1.
        #expect(event.job.cluster == theirs["Cluster"] as? Int ?? -1, "\(place)")
        #expect(event.job.proc == theirs["Proc"] as? Int ?? -1, "\(place)")
        #expect(event.job.subproc == theirs["Subproc"] as? Int ?? -1, "\(place)")
        #expect(eventTime(event.timestamp) == theirs["EventTime"] as? String, "\(place)")
        switch event.kind {
        case .jobTerminated, .nodeTerminated:
            switch event.termination {
            case .exited(let value):
                #expect(theirs["TerminatedNormally"] as? Bool == true, "\(place)")
                #expect(theirs["ReturnValue"] as? Int == value, "\(place)")
            case .killed(let signal, _):
                #expect(theirs["TerminatedNormally"] as? Bool == false, "\(place)")
                if let theirSignal = theirs["TerminatedBySignal"] as? Int { #expect(theirSignal == signal, "\(place)") }
            case nil:
                Issue.record("\(place): no termination")
            }
        case .jobAborted:
            #expect(event.abort?.reason == theirs["Reason"] as? String, "\(place)")
        case .jobHeld:
            let hold = event.hold
            #expect(hold?.code ?? 0 == theirs["HoldReasonCode"] as? Int, "\(place)")
            #expect(hold?.subcode ?? 0 == theirs["HoldReasonSubCode"] as? Int, "\(place)")
            if let reason = theirs["HoldReason"] as? String { #expect(hold?.reason == reason, "\(place)") }
        case .jobEvicted:
            let eviction = event.eviction
            #expect(eviction?.checkpointed == theirs["Checkpointed"] as? Bool, "\(place)")
            #expect(eviction?.requeued == theirs["TerminatedAndRequeued"] as? Bool, "\(place)")
        case .fileTransfer:
            let stages = UserLogEvent.TransferStage.allCases
            #expect(
                event.fileTransfer.flatMap { stages.firstIndex(of: $0.stage) }.map { $0 + 1 } == theirs["Type"] as? Int)
            // htcondor2 wants a tab before `Transferring to host:`; a log pasted with spaces loses it there.
            if let host = theirs["Host"] as? String { #expect(event.fileTransfer?.host == host, "\(place)") }
        case .submit:
            #expect(event.host == theirs["SubmitHost"] as? String, "\(place)")
        case .execute:
            #expect(event.host == theirs["ExecuteHost"] as? String, "\(place)")
        case .imageSize:
            let image = event.imageSize
            #expect(image?.imageSizeKB == theirs["Size"] as? Int ?? -1, "\(place)")
            #expect(image?.memoryUsageMB == theirs["MemoryUsage"] as? Int, "\(place)")
            if let rss = theirs["ResidentSetSize"] as? Int, rss != 0 { #expect(image?.residentSetSizeKB == rss) }
        default:
            break
        }
    }

    /// EventTime as htcondor2 prints it: local ISO time, the current year for a legacy header.
    static func eventTime(_ time: UserLogTimestamp) -> String {
        var iso = time
        iso.style = .iso8601
        iso.microsecond = nil
        iso.utcOffset = nil
        if iso.year == nil { iso.year = Calendar(identifier: .gregorian).component(.year, from: Date()) }
        return iso.description
    }
}
