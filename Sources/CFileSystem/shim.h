#pragma once
// Linux file-system calls that Swift's Glibc module does not declare (glibc hides them behind
// _GNU_SOURCE). Reached through syscall(2) so no glibc feature macro is needed.
#include <errno.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

/// syncfs(2): writes back every dirty page and inode of the file system holding `fd`, commits its
/// journal, and waits; reports a write-back error seen since `fd` was opened (Linux 5.8+).
/// Where there is no syncfs it fails with ENOSYS and the caller flushes file by file.
static inline int pocket_coffea_syncfs(int fd) {
#if defined(__linux__) && defined(SYS_syncfs)
    return (int)syscall(SYS_syncfs, fd);
#else
    (void)fd;
    errno = ENOSYS;
    return -1;
#endif
}
