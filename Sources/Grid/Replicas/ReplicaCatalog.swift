// Grid layer: what replica choice needs from Rucio — the replicas of many files in one call. The
// Rucio client is the implementation; the resolver depends only on this.

/// A source of file replicas.
public protocol ReplicaCatalog: AnyObject {
    /// The replicas of `dids`, one entry per known file.
    func listReplicas(_ dids: [DID], query: ReplicaQuery) throws(RucioError) -> [FileReplicas]
}

extension RucioClient: ReplicaCatalog {}
