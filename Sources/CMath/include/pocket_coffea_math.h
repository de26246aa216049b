// Math over arrays for the Columnar layer, with AVX2 where the CPU has it: libmvec's (glibc's vector
// math) 4-wide functions, and histogram binning 4 values at a time.
//
// libmvec's functions are several times faster than glibc's scalar ones and at most a few units in the
// last place from them (as NumPy's own functions are on AVX-512 CPUs, where NumPy vectorises them; on
// AVX2-only CPUs NumPy calls glibc's); without AVX2 and FMA, glibc's are used. Each value's result
// depends on that value only, never on its neighbours or its position in the array, so it does not change
// with the chunking.
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// `output[i] = sinh(input[i])` for `count` values.
void pocket_coffea_sinh(const double *input, double *output, size_t count);

/// `px[i] = pt[i] * cos(phi[i])` and `py[i] = pt[i] * sin(phi[i])` for `count` values.
void pocket_coffea_polar(const double *pt, const double *phi, double *px, double *py, size_t count);

/// `offsets[i] += (bin(x[i]) + 1) * stride` for `count` values on a regular axis with underflow and overflow
/// bins, where bin is boost-histogram's: z = (x - lower) / width; z·bins below 0 → -1 (underflow), at or
/// above bins, +inf and NaN → bins (overflow), otherwise its integer part. Exact: the same division and
/// comparisons, 4 values at a time with AVX2.
void pocket_coffea_regular_offsets(
    const double *x, size_t count, double lower, double width, double bins, int64_t stride, int64_t *offsets);

#ifdef __cplusplus
}
#endif
