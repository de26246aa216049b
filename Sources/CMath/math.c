// Array math with a run-time choice of libmvec's AVX2 variants (see pocket_coffea_math.h).

#define _GNU_SOURCE  // sincos

#include "pocket_coffea_math.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/// The bin of `x` on a regular axis, shifted by one (0: underflow, bins + 1: overflow), as boost-histogram
/// decides it: z = (x - lower) / width, then z·bins clamped to [-1, bins] (NaN and +inf to bins).
static inline int64_t regularBin(double x, double lower, double width, double bins) {
    double scaled = (x - lower) / width * bins;
    scaled = scaled < bins ? scaled : bins;
    scaled = scaled >= 0 ? scaled : -1;
    return (int64_t)scaled + 1;
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

// libmvec's AVX2 functions (sin and cos since glibc 2.22, sinh since 2.35), by their vector-ABI names.
__attribute__((target("avx2"))) __m256d _ZGVdN4v_sinh(__m256d);
__attribute__((target("avx2"))) __m256d _ZGVdN4v_sin(__m256d);
__attribute__((target("avx2"))) __m256d _ZGVdN4v_cos(__m256d);

/// AVX2 and FMA, and an OS that saves the YMM registers.
static int hasAVX2(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const unsigned int fma = 1u << 12, osxsave = 1u << 27, avx = 1u << 28;
    if ((c & (fma | osxsave | avx)) != (fma | osxsave | avx)) return 0;
    unsigned int low, high;
    __asm__("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    if ((low & 6) != 6) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 5) & 1;
}

/// Whether to use the AVX2 variants, decided once.
static int useAVX2(void) {
    static int vector = -1;
    int use = __atomic_load_n(&vector, __ATOMIC_RELAXED);
    if (use < 0) {
        use = hasAVX2();
        __atomic_store_n(&vector, use, __ATOMIC_RELAXED);
    }
    return use;
}

/// Four lanes from `count` (< 4) values, zero-padded: the last values of an array go through the same
/// 4-wide functions as the others, so none is computed differently.
__attribute__((target("avx2"))) static __m256d loadTail(const double *input, size_t count) {
    double lanes[4] = {0, 0, 0, 0};
    memcpy(lanes, input, count * sizeof(double));
    return _mm256_loadu_pd(lanes);
}

__attribute__((target("avx2"))) static void storeTail(double *output, __m256d values, size_t count) {
    double lanes[4];
    _mm256_storeu_pd(lanes, values);
    memcpy(output, lanes, count * sizeof(double));
}

__attribute__((target("avx2,fma"))) static void sinhAVX2(const double *input, double *output, size_t count) {
    size_t index = 0;
    for (; index + 4 <= count; index += 4) {
        _mm256_storeu_pd(output + index, _ZGVdN4v_sinh(_mm256_loadu_pd(input + index)));
    }
    if (index < count) {
        storeTail(output + index, _ZGVdN4v_sinh(loadTail(input + index, count - index)), count - index);
    }
}

__attribute__((target("avx2,fma"))) static void polarAVX2(
    const double *pt, const double *phi, double *px, double *py, size_t count) {
    size_t index = 0;
    for (; index + 4 <= count; index += 4) {
        const __m256d angle = _mm256_loadu_pd(phi + index), length = _mm256_loadu_pd(pt + index);
        _mm256_storeu_pd(px + index, _mm256_mul_pd(length, _ZGVdN4v_cos(angle)));
        _mm256_storeu_pd(py + index, _mm256_mul_pd(length, _ZGVdN4v_sin(angle)));
    }
    if (index < count) {
        const size_t rest = count - index;
        const __m256d angle = loadTail(phi + index, rest), length = loadTail(pt + index, rest);
        storeTail(px + index, _mm256_mul_pd(length, _ZGVdN4v_cos(angle)), rest);
        storeTail(py + index, _mm256_mul_pd(length, _ZGVdN4v_sin(angle)), rest);
    }
}

__attribute__((target("avx2,fma"))) static void regularOffsetsAVX2(
    const double *x, size_t count, double lower, double width, double bins, int64_t stride, int64_t *offsets) {
    const __m256d lowerV = _mm256_set1_pd(lower), widthV = _mm256_set1_pd(width), binsV = _mm256_set1_pd(bins);
    const __m256d minusOne = _mm256_set1_pd(-1);
    const __m256i strideV = _mm256_set1_epi64x(stride), one = _mm256_set1_epi64x(1);
    size_t index = 0;
    for (; index + 4 <= count; index += 4) {
        __m256d scaled = _mm256_mul_pd(_mm256_div_pd(_mm256_sub_pd(_mm256_loadu_pd(x + index), lowerV), widthV), binsV);
        scaled = _mm256_blendv_pd(binsV, scaled, _mm256_cmp_pd(scaled, binsV, _CMP_LT_OQ));
        scaled = _mm256_blendv_pd(minusOne, scaled, _mm256_cmp_pd(scaled, _mm256_setzero_pd(), _CMP_GE_OQ));
        const __m256i bin = _mm256_add_epi64(_mm256_cvtepi32_epi64(_mm256_cvttpd_epi32(scaled)), one);
        __m256i *target = (__m256i *)(offsets + index);
        _mm256_storeu_si256(target, _mm256_add_epi64(_mm256_loadu_si256(target), _mm256_mul_epi32(bin, strideV)));
    }
    for (; index < count; ++index) offsets[index] += regularBin(x[index], lower, width, bins) * stride;
}

void pocket_coffea_sinh(const double *input, double *output, size_t count) {
    if (useAVX2()) {
        sinhAVX2(input, output, count);
        return;
    }
    for (size_t index = 0; index < count; ++index) output[index] = sinh(input[index]);
}

void pocket_coffea_polar(const double *pt, const double *phi, double *px, double *py, size_t count) {
    if (useAVX2()) {
        polarAVX2(pt, phi, px, py, count);
        return;
    }
    for (size_t index = 0; index < count; ++index) {
        double sine, cosine;
        sincos(phi[index], &sine, &cosine);
        px[index] = pt[index] * cosine;
        py[index] = pt[index] * sine;
    }
}

void pocket_coffea_regular_offsets(
    const double *x, size_t count, double lower, double width, double bins, int64_t stride, int64_t *offsets) {
    if (useAVX2()) {
        regularOffsetsAVX2(x, count, lower, width, bins, stride, offsets);
        return;
    }
    for (size_t index = 0; index < count; ++index) offsets[index] += regularBin(x[index], lower, width, bins) * stride;
}
#else
void pocket_coffea_sinh(const double *input, double *output, size_t count) {
    for (size_t index = 0; index < count; ++index) output[index] = sinh(input[index]);
}

void pocket_coffea_polar(const double *pt, const double *phi, double *px, double *py, size_t count) {
    for (size_t index = 0; index < count; ++index) {
        px[index] = pt[index] * cos(phi[index]);
        py[index] = pt[index] * sin(phi[index]);
    }
}

void pocket_coffea_regular_offsets(
    const double *x, size_t count, double lower, double width, double bins, int64_t stride, int64_t *offsets) {
    for (size_t index = 0; index < count; ++index) offsets[index] += regularBin(x[index], lower, width, bins) * stride;
}
#endif
