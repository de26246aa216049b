// Math over arrays for the Columnar layer, where the C library has what Swift's Glibc module leaves out:
// glibc's sincos, and the AVX2 vector variants of libmvec.
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The sine and cosine of one angle with one argument reduction: bit for bit what sin and cos give (and
/// what NumPy's sin and cos give, which call them).
static inline void pocket_coffea_sincos(double x, double *sine, double *cosine) {
    __builtin_sincos(x, sine, cosine);
}

/// `output[i] = sinh(input[i])` for `count` values. On a CPU with AVX2 and FMA this is libmvec's 4-wide
/// sinh, ~8× faster than glibc's scalar sinh and at most a few units in the last place from it (as
/// NumPy's own sinh is on AVX-512 CPUs, where NumPy vectorises it; on AVX2-only CPUs NumPy calls glibc's);
/// elsewhere glibc's sinh. Each value's result depends on that value only, never on its neighbours or
/// its position, so it does not change with the chunking.
void pocket_coffea_sinh(const double *input, double *output, size_t count);

#ifdef __cplusplus
}
#endif
