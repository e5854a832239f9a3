#include "conv.h"

#include <algorithm>

#include "threads.h"

namespace nnts {

namespace {

template <typename T>
struct Job {
  ConvProduct product;
  const ConvArgs<T>* args;
  ConvShared<T> shared;
  Isa isa;
};

template <typename T>
void run_share(void* context, int t, int threads, Barrier& barrier) {
  Job<T>& job = *static_cast<Job<T>*>(context);
  switch (job.isa) {
    case Isa::avx512:
      conv_avx512(job.product, *job.args, job.shared, t, threads, barrier);
      break;
    case Isa::avx2:
      conv_avx2(job.product, *job.args, job.shared, t, threads, barrier);
      break;
    default:
      conv_generic(job.product, *job.args, job.shared, t, threads, barrier);
  }
}

}  // namespace

template <typename T>
void conv(ConvProduct product, const ConvArgs<T>& args) {
  const ConvGeometry& g = args.g;
  if (g.pixels() == 0) {
    // No pixels: an empty output, or dx of no samples, or a filter gradient that sums nothing.
    if (product == ConvProduct::filter) std::fill(args.out, args.out + g.taps() * g.out_c, T(0));
    return;
  }
  // Below about a million multiply-adds, waking a second thread costs more than it saves.
  int threads = double(g.pixels()) * double(g.taps()) * g.out_c >= double(1L << 18) ? pool_threads() : 1;
  // The input gradient splits the samples between threads.
  if (product == ConvProduct::input) threads = std::min(threads, g.batch);
  Job<T> job{product, &args, {}, active_isa()};
  parallel_run(threads, run_share<T>, &job);
}

template void conv<float>(ConvProduct, const ConvArgs<float>&);
template void conv<double>(ConvProduct, const ConvArgs<double>&);

}  // namespace nnts
