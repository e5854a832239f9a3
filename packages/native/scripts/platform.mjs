// The tag of a prebuilt binary that fits this machine: OS, CPU and, on Linux, the C library (a binary
// linked against glibc does not load under musl). N-API is stable across Node versions, so the Node
// version is not part of it.
export function platformTag() {
  if (process.platform !== 'linux') return `${process.platform}-${process.arch}`;
  const glibc = process.report?.getReport?.().header?.glibcVersionRuntime;
  return `linux-${process.arch}-${glibc ? 'glibc' : 'musl'}`;
}

/** The platforms a prebuilt binary is made for at pack time (the others compile at install). */
export const PREBUILT_TAGS = ['linux-x64-glibc'];
