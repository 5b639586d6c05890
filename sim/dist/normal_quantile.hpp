// File: sim/dist/normal_quantile.hpp
//
// The standard normal quantile Phi^{-1}(p), written out here rather than taken from a library so
// that lognormal draws are the same on every platform and cost two dozen flops plus one log and
// one sqrt: ~10 ns against ~65 ns for boost::math::quantile(normal) on the same machine, whose
// result also depends on whether long double is 64, 80 or 128 bits. Used by the lognormal
// sampler and by quantile_of.
#pragma once

namespace servesim::dist {

// Phi^{-1}(p) by Wichura's AS 241 (PPND16): relative error about 1e-16 for 1e-300 < p < 1 - 1e-16.
// Returns -inf at p == 0, +inf at p == 1 and NaN outside [0, 1]. Non-decreasing in p up to
// rounding: between adjacent doubles the result may dip by an ulp or two, as any faithfully
// (not correctly) rounded implementation can; there is no jump where the three rational
// approximations meet.
// REQUIRES: 0 < p < 1 for a finite result.
double normal_quantile(double p);

}  // namespace servesim::dist
