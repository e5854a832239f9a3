// The exponential functions of V8's Math (exp, expm1, tanh), computed as V8 computes them, so the
// WebAssembly kernels give the TypeScript kernels' bits. See fdlibm.c.
#pragma once

double fdlibm_exp(double x);
double fdlibm_expm1(double x);
double fdlibm_tanh(double x);
