// The table of libcurl functions ccurl.h calls through, filled by dlopen/dlsym on first use.

#include "ccurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

/// libcurl's SONAME since 7.16 (Debian's libcurl4, OpenSSL or GnuTLS flavour alike).
static const char *const library = "libcurl.so.4";

static struct {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *handle);
    CURLcode (*easy_perform)(CURL *handle);
    const char *(*easy_strerror)(CURLcode code);
    CURLHcode (*easy_header)(CURL *handle, const char *name, size_t index, unsigned int origin, int request,
                             struct curl_header **header);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *text);
    void (*slist_free_all)(struct curl_slist *list);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[512];

static void *symbol(void *handle, const char *name) {
    void *found = dlsym(handle, name);
    if (found == NULL && failure[0] == '\0') {
        snprintf(failure, sizeof failure, "%s has no %s (libcurl 7.84 or newer is needed)", library, name);
    }
    return found;
}

static void load(void) {
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(failure, sizeof failure, "cannot load libcurl: %s (Debian: apt install libcurl4)",
                 reason != NULL ? reason : library);
        return;
    }
    *(void **)&api.global_init = symbol(handle, "curl_global_init");
    *(void **)&api.easy_init = symbol(handle, "curl_easy_init");
    *(void **)&api.easy_cleanup = symbol(handle, "curl_easy_cleanup");
    *(void **)&api.easy_perform = symbol(handle, "curl_easy_perform");
    *(void **)&api.easy_strerror = symbol(handle, "curl_easy_strerror");
    *(void **)&api.easy_header = symbol(handle, "curl_easy_header");
    *(void **)&api.slist_append = symbol(handle, "curl_slist_append");
    *(void **)&api.slist_free_all = symbol(handle, "curl_slist_free_all");
    *(void **)&api.easy_setopt = symbol(handle, "curl_easy_setopt");
    *(void **)&api.easy_getinfo = symbol(handle, "curl_easy_getinfo");
    if (failure[0] != '\0') return;
    CURLcode code = api.global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK) {
        snprintf(failure, sizeof failure, "curl_global_init failed: %s", api.easy_strerror(code));
    }
}

const char *ccurl_load(void) {
    pthread_once(&once, load);
    return failure[0] == '\0' ? NULL : failure;
}

CURL *ccurl_easy_init(void) { return api.easy_init(); }

void ccurl_easy_cleanup(CURL *handle) { api.easy_cleanup(handle); }

CURLcode ccurl_easy_perform(CURL *handle) { return api.easy_perform(handle); }

const char *ccurl_easy_strerror(CURLcode code) { return api.easy_strerror(code); }

CURLHcode ccurl_easy_header(CURL *handle, const char *name, size_t index, unsigned int origin, int request,
                            struct curl_header **header) {
    return api.easy_header(handle, name, index, origin, request, header);
}

struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *text) {
    return api.slist_append(list, text);
}

void ccurl_slist_free_all(struct curl_slist *list) { api.slist_free_all(list); }

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return api.easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, const void *value) {
    return api.easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_write_function(CURL *handle, CURLoption option, curl_write_callback callback) {
    return api.easy_setopt(handle, option, callback);
}

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return api.easy_getinfo(handle, info, value);
}

CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return api.easy_getinfo(handle, info, value);
}
