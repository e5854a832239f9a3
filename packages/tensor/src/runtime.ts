// What nnts asks of the JavaScript runtime beyond the language, in one place, so that the core
// packages import no Node built-in and bundle for a browser as they are: Node's pieces are reached
// through globalThis.process where it exists, and plain fallbacks stand in elsewhere.

interface NodeProcess {
  readonly env?: Record<string, string | undefined>;
  readonly stdout?: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  emitWarning?(message: string, options: { code: string }): void;
  getBuiltinModule?(id: string): unknown;
}

function nodeProcess(): NodeProcess | undefined {
  return (globalThis as { process?: NodeProcess }).process;
}

/** An environment variable, or undefined where there is none (a browser). */
export function environmentVariable(name: string): string | undefined {
  return nodeProcess()?.env?.[name];
}

/** A warning with a code: Node's process warning (once-per-process filtering is the caller's), else console.warn. */
export function emitWarning(message: string, code: string): void {
  const process = nodeProcess();
  if (process?.emitWarning) process.emitWarning(message, { code });
  else console.warn(`${code}: ${message}`);
}

/** Where progress lines go by default: standard output in Node, the console elsewhere. */
export function defaultOutput(): { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number } {
  return nodeProcess()?.stdout ?? { write: (text: string) => console.log(text.replace(/\n$/, '')) };
}

/** Node's `require`, relative to `url`, for optional packages; null where the runtime has none. */
export function nodeRequire(url: string): ((id: string) => unknown) | null {
  const module = nodeProcess()?.getBuiltinModule?.('node:module') as { createRequire(url: string): (id: string) => unknown } | undefined;
  return module ? module.createRequire(url) : null;
}
