// libcurl, loaded on first use. Most commands never speak HTTP, and linking libcurl would make every
// start of the binary load it and its ~25 dependencies (TLS, Kerberos, LDAP, ...): about 4 ms per process.
// ccurl_load() dlopens libcurl.so.4 once per process; the functions below call through what it found.
#pragma once

#include <curl/curl.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Loads libcurl and runs curl_global_init, once per process (thread-safe). Returns NULL when libcurl is
/// usable; otherwise why not (the loader's message), in a string that lives as long as the process.
/// Every other function here may only be called after it returned NULL.
const char *ccurl_load(void);

CURL *ccurl_easy_init(void);
void ccurl_easy_cleanup(CURL *handle);
CURLcode ccurl_easy_perform(CURL *handle);
const char *ccurl_easy_strerror(CURLcode code);
CURLHcode ccurl_easy_header(CURL *handle, const char *name, size_t index, unsigned int origin, int request,
                            struct curl_header **header);
struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *text);
void ccurl_slist_free_all(struct curl_slist *list);

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one typed wrapper per
// argument type.
CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, const void *value);
CURLcode ccurl_setopt_write_function(CURL *handle, CURLoption option, curl_write_callback callback);
CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, char **value);

#ifdef __cplusplus
}
#endif
