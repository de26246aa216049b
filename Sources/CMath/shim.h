#pragma once
// glibc's sincos (a GNU extension Swift's Glibc module leaves out): the sine and cosine of one angle with
// one argument reduction, bit for bit what sin and cos give (checked by the Columnar tests).
static inline void pocket_coffea_sincos(double x, double *sine, double *cosine) {
    __builtin_sincos(x, sine, cosine);
}
