// The movement kernels of the recurrent layers and the batch assembly: rows copied whole, a bulk
// memory.copy each (the TypeScript loops copy element by element; a copy changes no bits).
#include "element.h"

// out row r = x row indices[r], rows of `row_bytes` bytes (indices checked by the caller).
EXPORT("gather_rows")
void gather_rows(const char *x, const int *indices, char *out, int count, int row_bytes) {
  for (int r = 0; r < count; r++) __builtin_memcpy(out + r * row_bytes, x + indices[r] * row_bytes, row_bytes);
}

// out[i][o] = x[o][i] for x [outer, inner, width] and out [inner, outer, width], rows of `row_bytes`.
EXPORT("swap_leading_axes")
void swap_leading_axes(const char *x, char *out, int outer, int inner, int row_bytes) {
  for (int o = 0; o < outer; o++) {
    for (int i = 0; i < inner; i++) __builtin_memcpy(out + (i * outer + o) * row_bytes, x + (o * inner + i) * row_bytes, row_bytes);
  }
}
