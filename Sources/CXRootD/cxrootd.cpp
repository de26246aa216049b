// The C interface of cxrootd.h over XrdCl::File: status → error kind and text, and readv splitting.

#include "cxrootd.h"

#include <XProtocol/XProtocol.hh>
#include <XrdCl/XrdClDefaultEnv.hh>
#include <XrdCl/XrdClEnv.hh>
#include <XrdCl/XrdClFile.hh>
#include <XrdCl/XrdClXRootDResponses.hh>

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <string>

struct cxrootd_file {
    XrdCl::File file;
    /// The open call's timeout, also used to close.
    uint16_t timeout;
};

namespace {

/// The per-request limits of kXR_readv that XrdCl documents as the server defaults.
constexpr size_t maxChunksPerRequest = XrdProto::maxRvecsz;
constexpr uint32_t maxBytesPerChunk = 2097136;
/// The most bytes asked for in one kXR_read.
constexpr uint64_t maxBytesPerRead = 1u << 30;

cxrootd_error_kind kindOf(const XrdCl::XRootDStatus &status) {
    switch (status.code) {
    case XrdCl::errErrorResponse:
        switch (status.errNo) {
        case kXR_NotFound: return CXROOTD_NOT_FOUND;
        case kXR_NotAuthorized: return CXROOTD_PERMISSION_DENIED;
        default: return CXROOTD_IO;
        }
    case XrdCl::errAuthFailed: return CXROOTD_PERMISSION_DENIED;
    case XrdCl::errOperationExpired:
    case XrdCl::errSocketTimeout: return CXROOTD_TIMEOUT;
    case XrdCl::errInvalidAddr:
    case XrdCl::errSocketError:
    case XrdCl::errSocketDisconnected:
    case XrdCl::errPollerError:
    case XrdCl::errSocketOptError:
    case XrdCl::errStreamDisconnect:
    case XrdCl::errConnectionError:
    case XrdCl::errInvalidSession:
    case XrdCl::errTlsError:
    case XrdCl::errHandShakeFailed:
    case XrdCl::errLoginFailed: return CXROOTD_CONNECTION;
    default: return CXROOTD_IO;
    }
}

void setError(cxrootd_error *error, cxrootd_error_kind kind, uint32_t serverCode, std::string message) {
    if (error == nullptr) return;
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    error->kind = kind;
    error->server_code = serverCode;
    size_t length = std::min(message.size(), sizeof error->message - 1);
    std::memcpy(error->message, message.data(), length);
    error->message[length] = '\0';
}

/// Fills `error` from a failed status, in the text xrdcp prints (XRootDStatus::ToStr).
int fail(cxrootd_error *error, const XrdCl::XRootDStatus &status) {
    uint32_t serverCode = status.code == XrdCl::errErrorResponse ? status.errNo : 0;
    setError(error, kindOf(status), serverCode, status.ToStr());
    return -1;
}

void succeed(cxrootd_error *error) { setError(error, CXROOTD_OK, 0, ""); }

/// Reads `pieces` (each within the readv limits) in groups of at most maxChunksPerRequest.
int vectorRead(XrdCl::File &file, const XrdCl::ChunkList &pieces, uint16_t timeout, cxrootd_error *error) {
    for (size_t start = 0; start < pieces.size(); start += maxChunksPerRequest) {
        size_t end = std::min(pieces.size(), start + maxChunksPerRequest);
        XrdCl::ChunkList group(pieces.begin() + start, pieces.begin() + end);
        XrdCl::VectorReadInfo *info = nullptr;
        XrdCl::XRootDStatus status = file.VectorRead(group, nullptr, info, timeout);
        std::unique_ptr<XrdCl::VectorReadInfo> owned(info);
        if (!status.IsOK()) return fail(error, status);
        const XrdCl::ChunkList &received = owned ? owned->GetChunks() : group;
        for (size_t i = 0; i < group.size(); ++i) {
            if (i >= received.size() || received[i].length != group[i].length) {
                uint32_t got = i < received.size() ? received[i].length : 0;
                setError(error, CXROOTD_IO, 0,
                         "vector read returned " + std::to_string(got) + " of " + std::to_string(group[i].length) +
                             " bytes at offset " + std::to_string(group[i].offset));
                return -1;
            }
        }
    }
    return 0;
}

}  // namespace

extern "C" {

int cxrootd_set_setting(const char *name, int value) {
    return XrdCl::DefaultEnv::GetEnv()->PutInt(name, value) ? 0 : 1;
}

cxrootd_file *cxrootd_open(const char *url, uint16_t timeout, cxrootd_error *error) {
    auto handle = new (std::nothrow) cxrootd_file{{}, timeout};
    if (handle == nullptr) {
        setError(error, CXROOTD_IO, 0, "out of memory");
        return nullptr;
    }
    XrdCl::XRootDStatus status = handle->file.Open(url, XrdCl::OpenFlags::Read, XrdCl::Access::None, timeout);
    if (!status.IsOK()) {
        fail(error, status);
        delete handle;
        return nullptr;
    }
    succeed(error);
    return handle;
}

int cxrootd_size(cxrootd_file *file, uint64_t *size, uint16_t timeout, cxrootd_error *error) {
    XrdCl::StatInfo *info = nullptr;
    XrdCl::XRootDStatus status = file->file.Stat(false, info, timeout);
    std::unique_ptr<XrdCl::StatInfo> owned(info);
    if (!status.IsOK()) return fail(error, status);
    if (!owned) {
        setError(error, CXROOTD_IO, 0, "stat returned no information");
        return -1;
    }
    *size = owned->GetSize();
    succeed(error);
    return 0;
}

int cxrootd_read(cxrootd_file *file, uint64_t offset, uint64_t count, void *buffer, uint64_t *bytes_read,
                 uint16_t timeout, cxrootd_error *error) {
    uint64_t done = 0;
    while (done < count) {
        uint32_t piece = static_cast<uint32_t>(std::min(count - done, maxBytesPerRead));
        uint32_t got = 0;
        XrdCl::XRootDStatus status =
            file->file.Read(offset + done, piece, static_cast<char *>(buffer) + done, got, timeout);
        if (!status.IsOK()) return fail(error, status);
        done += got;
        if (got < piece) break;
    }
    *bytes_read = done;
    succeed(error);
    return 0;
}

int cxrootd_vector_read(cxrootd_file *file, const cxrootd_chunk *chunks, size_t count, uint16_t timeout,
                        cxrootd_error *error) {
    XrdCl::ChunkList pieces;
    pieces.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        for (uint32_t done = 0; done < chunks[i].count;) {
            uint32_t length = std::min(chunks[i].count - done, maxBytesPerChunk);
            pieces.emplace_back(chunks[i].offset + done, length, static_cast<char *>(chunks[i].buffer) + done);
            done += length;
        }
    }
    if (vectorRead(file->file, pieces, timeout, error) != 0) return -1;
    succeed(error);
    return 0;
}

void cxrootd_close(cxrootd_file *file) {
    if (file == nullptr) return;
    if (file->file.IsOpen()) {
        XrdCl::XRootDStatus ignored = file->file.Close(file->timeout);
        (void)ignored;
    }
    delete file;
}

}  // extern "C"
