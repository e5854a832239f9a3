// Max and average pooling over NHWC batches and their gradients, with the semantics and the bits of the
// TypeScript reference (src/backend/js/pool.ts in the tensor package): padded positions are skipped,
// a maximum's index is the flat index into x of the first maximum in row-major window order, and
// averages are summed in double in window order and divided once.
#pragma once
#include <cstdint>

#include "conv.h"

namespace nnts {

template <typename T>
void max_pool(const T* x, T* out, std::int32_t* indices, const ConvGeometry& g);

/** dx = 0, then dx[indices[o]] += dy[o] in output order; false, with nothing written, when an index lies outside dx. */
template <typename T>
bool max_pool_backprop(const T* dy, const std::int32_t* indices, T* dx, long outputs, long inputs);

template <typename T>
void avg_pool(const T* x, T* out, const ConvGeometry& g);

template <typename T>
void avg_pool_backprop(const T* dy, T* dx, const ConvGeometry& g);

}  // namespace nnts
