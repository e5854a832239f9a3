// recurrent_kernel.h's row loops for the baseline instruction set (SSE2 on x86-64): 4 floats a vector.
#include "recurrent_kernel.h"

NNTS_RECURRENT_ENTRIES(generic)
