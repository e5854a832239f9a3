/**
 * The tag of a prebuilt binary that fits this machine, as scripts/platform.mjs computes it for the
 * install and pack scripts: OS, CPU and, on Linux, the C library (glibc or musl).
 */
export function platformTag(): string {
  if (process.platform !== 'linux') return `${process.platform}-${process.arch}`;
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return `linux-${process.arch}-${report?.header?.glibcVersionRuntime ? 'glibc' : 'musl'}`;
}
