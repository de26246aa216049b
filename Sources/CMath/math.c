// Array math with a run-time choice of libmvec's AVX2 variants (see pocket_coffea_math.h).

#include "pocket_coffea_math.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

/// libmvec's AVX2 sinh (glibc 2.35 and later), by its vector-ABI name.
__attribute__((target("avx2"))) __m256d _ZGVdN4v_sinh(__m256d);

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

__attribute__((target("avx2,fma"))) static void sinhAVX2(const double *input, double *output, size_t count) {
    size_t index = 0;
    for (; index + 4 <= count; index += 4) {
        _mm256_storeu_pd(output + index, _ZGVdN4v_sinh(_mm256_loadu_pd(input + index)));
    }
    if (index < count) {
        // The last values go through the same 4-wide function, padded, so none is computed differently.
        double lanes[4] = {0, 0, 0, 0};
        memcpy(lanes, input + index, (count - index) * sizeof(double));
        _mm256_storeu_pd(lanes, _ZGVdN4v_sinh(_mm256_loadu_pd(lanes)));
        memcpy(output + index, lanes, (count - index) * sizeof(double));
    }
}

void pocket_coffea_sinh(const double *input, double *output, size_t count) {
    static int vector = -1;
    int use = __atomic_load_n(&vector, __ATOMIC_RELAXED);
    if (use < 0) {
        use = hasAVX2();
        __atomic_store_n(&vector, use, __ATOMIC_RELAXED);
    }
    if (use) {
        sinhAVX2(input, output, count);
        return;
    }
    for (size_t index = 0; index < count; ++index) output[index] = sinh(input[index]);
}
#else
void pocket_coffea_sinh(const double *input, double *output, size_t count) {
    for (size_t index = 0; index < count; ++index) output[index] = sinh(input[index]);
}
#endif
