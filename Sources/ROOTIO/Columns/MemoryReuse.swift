// ROOTIO layer: column buffers are large (megabytes per branch and chunk) and short-lived. glibc
// returns such blocks to the kernel on free (mmap for large blocks, heap trimming), so every chunk
// pays page faults again for fresh memory — a third of the time of reading NanoAOD branches. Keeping
// freed memory in the process for the next chunk removes that cost.
//
// A run reads a chunk in pieces and evaluates it in blocks of events, so it touches only a few MB
// beyond its columns; advising huge pages on the heap no longer paid (q6: 2 ms less right after
// another run, 11 ms more after a pause, when each 2 MiB page is zeroed whole).

#if canImport(CMalloc)
    import CMalloc
#endif

/// Process-wide allocator settings for long event loops.
public enum MemoryReuse {
    /// Keeps freed column buffers in the process for reuse: blocks up to 32 MiB come from the heap, the
    /// heap grows 64 MiB at a time (address space; pages are faulted in when used) and is trimmed only
    /// above 512 MiB of free memory.
    public static func keepFreedBuffers() {
        #if canImport(CMalloc)
            _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
            _ = mallopt(M_TRIM_THRESHOLD, 512 << 20)
            _ = mallopt(M_TOP_PAD, 64 << 20)
        #endif
    }
}
