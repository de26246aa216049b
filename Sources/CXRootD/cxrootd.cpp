// The C interface of cxrootd.h over XrdCl::File: status → error kind and text, and readv splitting.
//
// libXrdCl is not linked but opened with dlopen on first use (cxrootd_load), and the few functions used
// are found by their mangled names. The headers still give every type and layout; each overload's type is
// taken from the header (a signature the header lacks does not compile), and a member function is called
// as the free function the Itanium C++ ABI makes of it, with the object as its first argument. The
// mangled names are checked when the library is loaded: a client whose ABI differs (XRootD 5.7 turned
// the timeouts into time_t) fails every root:// file with the name it lacks, as a linked build would have
// failed to start.

#include "cxrootd.h"

#include <XProtocol/XProtocol.hh>
#include <XrdCl/XrdClEnv.hh>
#include <XrdCl/XrdClFile.hh>
#include <XrdCl/XrdClXRootDResponses.hh>

#include <dlfcn.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <sstream>
#include <string>

namespace {

/// The free-function type of a member function type: the object becomes the first parameter.
template <typename> struct FreeFunction;
template <typename R, typename C, typename... A> struct FreeFunction<R (C::*)(A...)> {
    using type = R (*)(C *, A...);
};
template <typename R, typename C, typename... A> struct FreeFunction<R (C::*)(A...) const> {
    using type = R (*)(const C *, A...);
};

/// The free-function type of the overload `Signature` of `member` (checked against the header, unevaluated).
#define CXROOTD_MEMBER(member, Signature) FreeFunction<decltype(static_cast<Signature>(&member))>::type

using Status = XrdCl::XRootDStatus;
using File = XrdCl::File;

/// What is called in libXrdCl, filled by load().
struct Api {
    /// XrdCl::DefaultEnv::GetEnv. Its header is not included: it defines a static object per translation
    /// unit that starts the client when the program starts, which is what loading on demand avoids.
    XrdCl::Env *(*getEnv)();
    CXROOTD_MEMBER(XrdCl::Env::PutInt, bool (XrdCl::Env::*)(const std::string &, int)) putInt;
    void (*constructFile)(File *, bool);
    void (*destroyFile)(File *);
    CXROOTD_MEMBER(File::Open, Status (File::*)(const std::string &, XrdCl::OpenFlags::Flags, XrdCl::Access::Mode,
                                                 uint16_t)) open;
    CXROOTD_MEMBER(File::Read, Status (File::*)(uint64_t, uint32_t, void *, uint32_t &, uint16_t)) read;
    CXROOTD_MEMBER(File::VectorRead,
                   Status (File::*)(const XrdCl::ChunkList &, void *, XrdCl::VectorReadInfo *&, uint16_t)) vectorRead;
    CXROOTD_MEMBER(File::Stat, Status (File::*)(bool, XrdCl::StatInfo *&, uint16_t)) stat;
    CXROOTD_MEMBER(File::Close, Status (File::*)(uint16_t)) close;
    CXROOTD_MEMBER(File::IsOpen, bool (File::*)() const) isOpen;
    CXROOTD_MEMBER(XrdCl::Status::ToString, std::string (XrdCl::Status::*)() const) statusText;
    CXROOTD_MEMBER(XrdCl::StatInfo::GetSize, uint64_t (XrdCl::StatInfo::*)() const) statSize;
    void (*destroyStatInfo)(XrdCl::StatInfo *);
};

Api api;

/// The library's SONAME (XRootD 5).
constexpr const char *library = "libXrdCl.so.3";
std::once_flag loaded;
char failure[512];

template <typename Function> void find(void *handle, Function &function, const char *name) {
    void *found = dlsym(handle, name);
    if (found == nullptr && failure[0] == '\0') {
        std::snprintf(failure, sizeof failure, "%s has no %s: this build needs the XRootD 5.5 client ABI", library,
                      name);
    }
    function = reinterpret_cast<Function>(found);
}

void load() {
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char *reason = dlerror();
        std::snprintf(failure, sizeof failure,
                      "cannot load the XRootD client: %s (Debian: apt install libxrdcl3; or xrootd-client-libs)",
                      reason != nullptr ? reason : library);
        return;
    }
    find(handle, api.getEnv, "_ZN5XrdCl10DefaultEnv6GetEnvEv");
    find(handle, api.putInt, "_ZN5XrdCl3Env6PutIntERKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEEi");
    find(handle, api.constructFile, "_ZN5XrdCl4FileC1Eb");
    find(handle, api.destroyFile, "_ZN5XrdCl4FileD1Ev");
    find(handle, api.open,
         "_ZN5XrdCl4File4OpenERKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEENS_9OpenFlags5Flags"
         "ENS_6Access4ModeEt");
    find(handle, api.read, "_ZN5XrdCl4File4ReadEmjPvRjt");
    find(handle, api.vectorRead,
         "_ZN5XrdCl4File10VectorReadERKSt6vectorINS_9ChunkInfoESaIS2_EEPvRPNS_14VectorReadInfoEt");
    find(handle, api.stat, "_ZN5XrdCl4File4StatEbRPNS_8StatInfoEt");
    find(handle, api.close, "_ZN5XrdCl4File5CloseEt");
    find(handle, api.isOpen, "_ZNK5XrdCl4File6IsOpenEv");
    find(handle, api.statusText, "_ZNK5XrdCl6Status8ToStringB5cxx11Ev");
    find(handle, api.statSize, "_ZNK5XrdCl8StatInfo7GetSizeEv");
    find(handle, api.destroyStatInfo, "_ZN5XrdCl8StatInfoD1Ev");
}

/// A StatInfo the library allocated with `new`, deleted as `delete` would.
struct StatInfoDeleter {
    void operator()(XrdCl::StatInfo *info) const {
        api.destroyStatInfo(info);
        ::operator delete(info);
    }
};

}  // namespace

struct cxrootd_file {
    alignas(File) unsigned char storage[sizeof(File)];
    /// The open call's timeout, also used to close.
    uint16_t timeout;

    File *file() { return std::launder(reinterpret_cast<File *>(storage)); }
};

namespace {

/// The per-request limits of kXR_readv that XrdCl documents as the server defaults.
constexpr size_t maxChunksPerRequest = XrdProto::maxRvecsz;
constexpr uint32_t maxBytesPerChunk = 2097136;
/// The most bytes asked for in one kXR_read.
constexpr uint64_t maxBytesPerRead = 1u << 30;

cxrootd_error_kind kindOf(const Status &status) {
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

/// The text xrdcp prints for `status`: XRootDStatus::ToStr, which is inline in the header and calls into the
/// library.
std::string text(const Status &status) {
    if (status.code == XrdCl::errErrorResponse) {
        std::ostringstream out;
        out << "[ERROR] Server responded with an error: [" << status.errNo << "] " << status.GetErrorMessage()
            << std::endl;
        return out.str();
    }
    std::string result = api.statusText(&status);
    if (!status.GetErrorMessage().empty()) result += ": " + status.GetErrorMessage();
    return result;
}

/// Fills `error` from a failed status, in the text xrdcp prints.
int fail(cxrootd_error *error, const Status &status) {
    uint32_t serverCode = status.code == XrdCl::errErrorResponse ? status.errNo : 0;
    setError(error, kindOf(status), serverCode, text(status));
    return -1;
}

void succeed(cxrootd_error *error) { setError(error, CXROOTD_OK, 0, ""); }

/// Reads `pieces` (each within the readv limits) in groups of at most maxChunksPerRequest.
int vectorRead(File *file, const XrdCl::ChunkList &pieces, uint16_t timeout, cxrootd_error *error) {
    for (size_t start = 0; start < pieces.size(); start += maxChunksPerRequest) {
        size_t end = std::min(pieces.size(), start + maxChunksPerRequest);
        XrdCl::ChunkList group(pieces.begin() + start, pieces.begin() + end);
        XrdCl::VectorReadInfo *info = nullptr;
        Status status = api.vectorRead(file, group, nullptr, info, timeout);
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

const char *cxrootd_load(void) {
    std::call_once(loaded, load);
    return failure[0] == '\0' ? nullptr : failure;
}

int cxrootd_set_setting(const char *name, int value) { return api.putInt(api.getEnv(), name, value) ? 0 : 1; }

cxrootd_file *cxrootd_open(const char *url, uint16_t timeout, cxrootd_error *error) {
    auto handle = new (std::nothrow) cxrootd_file;
    if (handle == nullptr) {
        setError(error, CXROOTD_IO, 0, "out of memory");
        return nullptr;
    }
    handle->timeout = timeout;
    api.constructFile(handle->file(), true);
    Status status = api.open(handle->file(), url, XrdCl::OpenFlags::Read, XrdCl::Access::None, timeout);
    if (!status.IsOK()) {
        fail(error, status);
        api.destroyFile(handle->file());
        delete handle;
        return nullptr;
    }
    succeed(error);
    return handle;
}

int cxrootd_size(cxrootd_file *file, uint64_t *size, uint16_t timeout, cxrootd_error *error) {
    XrdCl::StatInfo *info = nullptr;
    Status status = api.stat(file->file(), false, info, timeout);
    std::unique_ptr<XrdCl::StatInfo, StatInfoDeleter> owned(info);
    if (!status.IsOK()) return fail(error, status);
    if (!owned) {
        setError(error, CXROOTD_IO, 0, "stat returned no information");
        return -1;
    }
    *size = api.statSize(owned.get());
    succeed(error);
    return 0;
}

int cxrootd_read(cxrootd_file *file, uint64_t offset, uint64_t count, void *buffer, uint64_t *bytes_read,
                 uint16_t timeout, cxrootd_error *error) {
    uint64_t done = 0;
    while (done < count) {
        uint32_t piece = static_cast<uint32_t>(std::min(count - done, maxBytesPerRead));
        uint32_t got = 0;
        Status status = api.read(file->file(), offset + done, piece, static_cast<char *>(buffer) + done, got, timeout);
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
    if (vectorRead(file->file(), pieces, timeout, error) != 0) return -1;
    succeed(error);
    return 0;
}

void cxrootd_close(cxrootd_file *file) {
    if (file == nullptr) return;
    if (api.isOpen(file->file())) {
        Status ignored = api.close(file->file(), file->timeout);
        (void)ignored;
    }
    api.destroyFile(file->file());
    delete file;
}

}  // extern "C"
