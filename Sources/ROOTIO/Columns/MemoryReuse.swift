// ROOTIO layer: column buffers are large (megabytes per branch and chunk) and short-lived. glibc
// returns such blocks to the kernel on free (mmap for large blocks, heap trimming), so every chunk
// pays page faults again for fresh memory — a third of the time of reading NanoAOD branches. Keeping
// freed memory in the process for the next chunk removes that cost.
//
// The first chunk still faults in its whole working set, 4 KiB at a time: 16,000 faults (~30 ms) for
// the trijet analysis's 66 MB. Huge pages (2 MiB) take one fault where 512 were, so the main heap is
// advised to use them, and threads started afterwards allocate from it.

#if canImport(CMalloc)
    import CMalloc
    import Glibc
#endif

/// Process-wide allocator settings for long event loops.
public enum MemoryReuse {
    /// Keeps freed column buffers in the process for reuse: blocks up to 32 MiB come from the heap,
    /// and the heap is trimmed only above 512 MiB of free memory. The first call also reserves 256 MiB
    /// at the end of the main heap (address space only) and advises huge pages on it, which the kernel
    /// gives where transparent huge pages are `always` or `madvise`.
    ///
    /// Call on the main thread at the start of a run, before starting workers: threads that allocated
    /// before keep heaps of their own, and the reservation comes from the calling thread's heap.
    public static func keepFreedBuffers() {
        #if canImport(CMalloc)
            _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
            _ = mallopt(M_TRIM_THRESHOLD, 512 << 20)
            // Worker threads would otherwise each get a heap of their own, outside the advised range.
            _ = mallopt(M_ARENA_MAX, 1)
            _ = hugePageReservation
            _ = mallopt(M_TOP_PAD, 64 << 20)
        #endif
    }

    #if canImport(CMalloc)
        /// The main heap's growth by 256 MiB, advised to use huge pages; made once per process.
        private static let hugePageReservation: Void = adviseHugePages(growingHeapBy: 256 << 20)

        /// Grows the heap by about `bytes` in one step (the top pad of one allocation, freed at once: the
        /// heap keeps it, being trimmed only above 512 MiB) and advises huge pages on the whole 2 MiB pages
        /// of the new part. Only the block's and the top's headers are written; the rest is faulted in when
        /// a buffer first uses it.
        private static func adviseHugePages(growingHeapBy bytes: Int) {
            let before = Int(bitPattern: sbrk(0))
            _ = mallopt(M_TOP_PAD, Int32(bytes))
            // malloc_usable_size keeps the block: the optimizer removes a malloc freed unused.
            let block = malloc(16 << 20)
            _ = malloc_usable_size(block)
            free(block)
            let after = Int(bitPattern: sbrk(0))
            guard before != -1, after != -1 else { return }
            let huge = 2 << 20
            let (start, end) = ((before + huge - 1) & ~(huge - 1), after & ~(huge - 1))
            guard end > start, let base = UnsafeMutableRawPointer(bitPattern: start) else { return }
            _ = madvise(base, end - start, MADV_HUGEPAGE)
        }
    #endif
}
