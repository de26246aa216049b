// Math over arrays for the Columnar layer, with the AVX2 vector variants of libmvec (glibc's vector math)
// where the CPU has them.
//
// On a CPU with AVX2 and FMA these are libmvec's 4-wide functions: several times faster than glibc's
// scalar ones and at most a few units in the last place from them (as NumPy's own functions are on
// AVX-512 CPUs, where NumPy vectorises them; on AVX2-only CPUs NumPy calls glibc's). Elsewhere they are
// glibc's. Each value's result depends on that value only, never on its neighbours or its position in the
// array, so it does not change with the chunking.
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// `output[i] = sinh(input[i])` for `count` values.
void pocket_coffea_sinh(const double *input, double *output, size_t count);

/// `px[i] = pt[i] * cos(phi[i])` and `py[i] = pt[i] * sin(phi[i])` for `count` values.
void pocket_coffea_polar(const double *pt, const double *phi, double *px, double *py, size_t count);

#ifdef __cplusplus
}
#endif
