// A C interface to the XRootD client (XrdCl::File), so Swift can read root:// files without C++ interop.
// Every call is synchronous; a file handle is used by one thread at a time.
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What kind of failure a call met.
typedef enum cxrootd_error_kind {
    /// No failure.
    CXROOTD_OK = 0,
    /// The server has no such file (kXR_NotFound, 3011).
    CXROOTD_NOT_FOUND,
    /// The server refused access (kXR_NotAuthorized, 3010) or authentication failed.
    CXROOTD_PERMISSION_DENIED,
    /// No connection to the server could be made or kept.
    CXROOTD_CONNECTION,
    /// The request did not finish within its timeout.
    CXROOTD_TIMEOUT,
    /// Any other failure.
    CXROOTD_IO,
} cxrootd_error_kind;

/// A failure: its kind, the server's kXR error number (e.g. 3011) when the server answered with an error,
/// and XRootD's own text, e.g. `[ERROR] Server responded with an error: [3011] Unable to open …` or
/// `[FATAL] Connection error`.
typedef struct cxrootd_error {
    cxrootd_error_kind kind;
    uint32_t server_code;
    char message[1024];
} cxrootd_error;

/// One range of a vectored read and where its bytes go.
typedef struct cxrootd_chunk {
    uint64_t offset;
    uint32_t count;
    void *buffer;
} cxrootd_chunk;

/// An open file.
typedef struct cxrootd_file cxrootd_file;

/// Loads the XRootD client library (libXrdCl.so.3) once per process (thread-safe). Returns NULL when it
/// is usable; otherwise why not, in a string that lives as long as the process. Every other function here
/// may only be called after it returned NULL. The library is not linked: loading it starts the client
/// (threads, host-name lookups), which only runs that read root:// files should pay for.
const char *cxrootd_load(void);

/// Sets an integer client setting for the whole process, such as "ConnectionRetry", "ConnectionWindow" or
/// "RequestTimeout". Returns 0 when the value was taken; 1 when an XRD_* environment variable overrides it.
int cxrootd_set_setting(const char *name, int value);

/// Opens `url` (root://host:port//path) for reading; NULL on failure, with `error` filled in.
/// A timeout of 0 means the client's RequestTimeout setting.
cxrootd_file *cxrootd_open(const char *url, uint16_t timeout, cxrootd_error *error);

/// The file's size in bytes. Returns 0 on success, -1 on failure with `error` filled in.
int cxrootd_size(cxrootd_file *file, uint64_t *size, uint16_t timeout, cxrootd_error *error);

/// Reads up to `count` bytes at `offset` into `buffer`; `bytes_read` is less than `count` only at the end of
/// the file. Returns 0 on success, -1 on failure with `error` filled in.
int cxrootd_read(cxrootd_file *file, uint64_t offset, uint64_t count, void *buffer, uint64_t *bytes_read,
                 uint16_t timeout, cxrootd_error *error);

/// Reads every chunk in as few kXR_readv requests as the protocol's limits allow (1024 chunks of at most
/// 2097136 bytes each per request). A chunk that cannot be read in full is a failure (kind CXROOTD_IO).
/// Returns 0 on success, -1 on failure with `error` filled in.
int cxrootd_vector_read(cxrootd_file *file, const cxrootd_chunk *chunks, size_t count, uint16_t timeout,
                        cxrootd_error *error);

/// Closes the file and frees the handle; NULL is ignored.
void cxrootd_close(cxrootd_file *file);

#ifdef __cplusplus
}
#endif
