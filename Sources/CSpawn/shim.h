#pragma once
// posix_spawn file actions that Swift's Glibc module does not declare (glibc hides them behind
// _GNU_SOURCE): start a child in a given folder, and close every inherited descriptor above 2.
// The HTCondor simulator starts jobs and its schedd with them.
#include <errno.h>
#include <spawn.h>

#if defined(__linux__)
extern int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path);
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
#endif

/// The child starts in `path` (glibc 2.29+, macOS 10.15+).
static inline int pocket_coffea_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

/// The child closes every descriptor from `from` up (glibc 2.34+). Elsewhere it fails with ENOSYS
/// and the caller relies on close-on-exec descriptors.
static inline int pocket_coffea_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int from) {
#if defined(__linux__)
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
#else
    (void)actions;
    (void)from;
    return ENOSYS;
#endif
}
