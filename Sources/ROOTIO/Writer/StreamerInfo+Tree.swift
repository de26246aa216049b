// ROOTIO writer: the StreamerInfo descriptions of TTree v20, TBranch v13, TLeaf v2 and the TLeaf*
// v1 classes, as ROOT 6.24 writes them.

extension StreamerInfo {
    static let tTree = StreamerInfo(
        className: "TTree", version: 20, checksum: 0x7264_E07F,
        elements: [
            base("TNamed", "The basis for a named object (name, title)", version: 1, type: 67),
            base("TAttLine", "Line attributes", version: 2), base("TAttFill", "Fill area attributes", version: 2),
            base("TAttMarker", "Marker attributes", version: 2),
            .basic("fEntries", "long long", "Number of entries"),
            .basic("fTotBytes", "long long", "Total number of bytes in all branches before compression"),
            .basic("fZipBytes", "long long", "Total number of bytes in all branches after compression"),
            .basic("fSavedBytes", "long long", "Number of autosaved bytes"),
            .basic("fFlushedBytes", "long long", "Number of auto-flushed bytes"),
            .basic("fWeight", "double", "Tree weight (see TTree::SetWeight)"),
            .basic("fTimerInterval", "int", "Timer interval in milliseconds"),
            .basic("fScanField", "int", "Number of runs before prompting in Scan"),
            .basic("fUpdate", "int", "Update frequency for EntryLoop"),
            .basic("fDefaultEntryOffsetLen", "int", "Initial Length of fEntryOffset table in the basket buffers"),
            .counter("fNClusterRange", "Number of Cluster range in addition to the one defined by 'AutoFlush'"),
            .basic("fMaxEntries", "long long", "Maximum number of entries in case of circular buffers"),
            .basic("fMaxEntryLoop", "long long", "Maximum number of entries to process"),
            .basic("fMaxVirtualSize", "long long", "Maximum total size of buffers kept in memory"),
            .basic(
                "fAutoSave", "long long",
                "Autosave tree when fAutoSave entries written or -fAutoSave (compressed) bytes produced"),
            .basic(
                "fAutoFlush", "long long",
                "Auto-flush tree when fAutoFlush entries written or -fAutoFlush (compressed) bytes produced"),
            .basic("fEstimate", "long long", "Number of entries to estimate histogram limits"),
            .array(
                "fClusterRangeEnd", "long long", "[fNClusterRange] Last entry of a cluster range.",
                count: "fNClusterRange", in: "TTree", version: 20),
            .array(
                "fClusterSize", "long long", "[fNClusterRange] Number of entries in each cluster for a given range.",
                count: "fNClusterRange", in: "TTree", version: 20),
            .objectAny(
                "fIOFeatures", "ROOT::TIOFeatures", size: 1,
                "IO features to define for newly-written baskets and branches."),
            .object("fBranches", "TObjArray", "List of Branches"),
            .object("fLeaves", "TObjArray", "Direct pointers to individual branch leaves"),
            .pointer("fAliases", "TList*", "List of aliases for expressions based on the tree branches."),
            .objectAny("fIndexValues", "TArrayD", size: 24, "Sorted index values"),
            .objectAny("fIndex", "TArrayI", size: 24, "Index of sorted values"),
            .pointer("fTreeIndex", "TVirtualIndex*", "Pointer to the tree Index (if any)"),
            .pointer("fFriends", "TList*", "pointer to list of friend elements"),
            .pointer("fUserInfo", "TList*", "pointer to a list of user objects associated to this Tree"),
            .pointer("fBranchRef", "TBranchRef*", "Branch supporting the TRefTable (if any)"),
        ])

    static let tBranch = StreamerInfo(
        className: "TBranch", version: 13, checksum: 0x1097_8AAC,
        elements: [
            base("TNamed", "The basis for a named object (name, title)", version: 1, type: 67),
            base("TAttFill", "Fill area attributes", version: 2),
            .basic("fCompress", "int", "Compression level and algorithm"),
            .basic("fBasketSize", "int", "Initial Size of  Basket Buffer"),
            .basic("fEntryOffsetLen", "int", "Initial Length of fEntryOffset table in the basket buffers"),
            .basic("fWriteBasket", "int", "Last basket number written"),
            .basic("fEntryNumber", "long long", "Current entry number (last one filled in this branch)"),
            .objectAny("fIOFeatures", "ROOT::TIOFeatures", size: 1, "IO features for newly-created baskets."),
            .basic("fOffset", "int", "Offset of this branch"),
            .counter("fMaxBaskets", "Maximum number of Baskets so far"),
            .basic("fSplitLevel", "int", "Branch split level"),
            .basic("fEntries", "long long", "Number of entries"),
            .basic("fFirstEntry", "long long", "Number of the first entry in this branch"),
            .basic("fTotBytes", "long long", "Total number of bytes in all leaves before compression"),
            .basic("fZipBytes", "long long", "Total number of bytes in all leaves after compression"),
            .object("fBranches", "TObjArray", "-> List of Branches of this branch"),
            .object("fLeaves", "TObjArray", "-> List of leaves of this branch"),
            .object("fBaskets", "TObjArray", "-> List of baskets of this branch"),
            .array(
                "fBasketBytes", "int", "[fMaxBaskets] Length of baskets on file", count: "fMaxBaskets", in: "TBranch",
                version: 13),
            .array(
                "fBasketEntry", "long long", "[fMaxBaskets] Table of first entry in each basket",
                count: "fMaxBaskets", in: "TBranch", version: 13),
            .array(
                "fBasketSeek", "long long", "[fMaxBaskets] Addresses of baskets on file", count: "fMaxBaskets",
                in: "TBranch", version: 13),
            .string("fFileName", "Name of file where buffers are stored (\"\" if in same file as Tree header)"),
        ])

    static let tLeaf = StreamerInfo(
        className: "TLeaf", version: 2, checksum: 0x6D1E_8152,
        elements: [
            base("TNamed", "The basis for a named object (name, title)", version: 1, type: 67),
            .basic("fLen", "int", "Number of fixed length elements in the leaf's data."),
            .basic("fLenType", "int", "Number of bytes for this data type"),
            .basic("fOffset", "int", "Offset in ClonesArray object (if one)"),
            .basic(
                "fIsRange", "bool",
                "(=true if leaf has a range, false otherwise).  This is equivalent to being a 'leafcount'.  "
                    + "For a TLeafElement the range information is actually store in the TBranchElement."),
            .basic("fIsUnsigned", "bool", "(=true if unsigned, false otherwise)"),
            .pointer(
                "fLeafCount", "TLeaf*", "Pointer to Leaf count if variable length (we do not own the counter)"),
        ])

    /// TLeafO, TLeafB, TLeafS, TLeafI, TLeafL, TLeafF and TLeafD: a TLeaf plus fMinimum and fMaximum.
    static let leafInfos: [StreamerInfo] = [
        ("TLeafO", 0x02AE_48D3, "bool"), ("TLeafB", 0x0F1E_4B5E, "char"), ("TLeafS", 0x150C_EECF, "short"),
        ("TLeafI", 0x7E6A_AE19, "int"), ("TLeafL", 0xDE32_0862, "long long"), ("TLeafF", 0x3ADD_9D72, "float"),
        ("TLeafD", 0x118E_8776, "double"),
    ].map { name, checksum, type in
        StreamerInfo(
            className: name, version: 1, checksum: checksum,
            elements: [
                base("TLeaf", "Leaf: description of a Branch data type", version: 2),
                .basic("fMinimum", type, "Minimum value if leaf range is specified"),
                .basic("fMaximum", type, "Maximum value if leaf range is specified"),
            ])
    }
}
