// ROOTIO layer: column buffers are large (megabytes per branch and chunk) and short-lived. glibc
// returns such blocks to the kernel on free (mmap for large blocks, heap trimming), so every chunk
// pays page faults again for fresh memory — a third of the time of reading NanoAOD branches. Keeping
// freed memory in the process for the next chunk removes that cost.
//
// The first chunk still faults in its whole working set, 4 KiB at a time: 16,000 faults (~30 ms) for
// the trijet analysis's 66 MB. Huge pages (2 MiB) take one fault where 512 were, so the heap the
// buffers come from is advised to use them, and every thread allocates from that one heap.

#if canImport(CMalloc)
    import CMalloc
    import Glibc
#endif

/// Process-wide allocator settings for long event loops.
public enum MemoryReuse {
    /// Keeps freed column buffers in the process for reuse: blocks up to 32 MiB come from the heap,
    /// and the heap is trimmed only above 512 MiB of free memory. The heap's first 256 MiB use huge
    /// pages where the kernel allows them (transparent huge pages `always` or `madvise`). Call on the
    /// main thread at the start of a run, before any worker thread allocates; calling again changes nothing.
    public static func keepFreedBuffers() {
        #if canImport(CMalloc)
            _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
            _ = mallopt(M_TRIM_THRESHOLD, 512 << 20)
            _ = mallopt(M_TOP_PAD, 64 << 20)
            // Worker threads would otherwise each get a heap of their own, outside the advised range.
            _ = mallopt(M_ARENA_MAX, 1)
            adviseHugePages(growingHeapBy: 256 << 20)
        #endif
    }

    #if canImport(CMalloc)
        /// Grows the heap by `bytes` (blocks below the mmap threshold, freed again: they stay in the heap,
        /// which is not trimmed) and advises huge pages on the whole 2 MiB pages of the new part. Memory
        /// is only reserved: pages are faulted in when a buffer first uses them.
        private static func adviseHugePages(growingHeapBy bytes: Int) {
            let block = 16 << 20
            let before = Int(bitPattern: sbrk(0))
            let blocks = (0..<bytes / block).compactMap { _ in malloc(block) }
            blocks.forEach { free($0) }
            let after = Int(bitPattern: sbrk(0))
            let huge = 2 << 20
            let (start, end) = ((before + huge - 1) & ~(huge - 1), after & ~(huge - 1))
            guard before != -1, after != -1, end > start, let base = UnsafeMutableRawPointer(bitPattern: start)
            else { return }
            _ = madvise(base, end - start, MADV_HUGEPAGE)
        }
    #endif
}
