#pragma once
// glibc allocator tuning (mallopt), for long event loops.
#include <malloc.h>
