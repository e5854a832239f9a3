// What datasets asks of Node, reached at call time instead of imported. The entry then imports no
// Node built-in (nor undici), so its pure parts (scalers, splits, batches, tokenizers, generators)
// bundle for a browser as they are, and what reads files or the network says, when called where
// there is no Node, what to do there instead. Node's modules come through
// globalThis.process.getBuiltinModule (Node >= 20.16), the way @nnts/tensor reaches them.
import type * as Crypto from 'node:crypto';
import type * as Fs from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import type * as Module from 'node:module';
import type * as Os from 'node:os';
import type * as Path from 'node:path';
import type * as Timers from 'node:timers/promises';
import type * as Url from 'node:url';
import type * as Zlib from 'node:zlib';
import { NntsError } from '@nnts/tensor';
import type { TerminalOutput } from './download/progress-bar';

interface NodeProcess {
  readonly env: Record<string, string | undefined>;
  readonly platform: string;
  getBuiltinModule(id: string): unknown;
}

/** Node's modules, each loaded when first read. */
export interface NodeRuntime {
  readonly process: NodeProcess;
  readonly crypto: typeof Crypto;
  readonly fs: typeof Fs;
  readonly fsPromises: typeof FsPromises;
  readonly os: typeof Os;
  readonly path: typeof Path;
  readonly timers: typeof Timers;
  readonly url: typeof Url;
  readonly zlib: typeof Zlib;
  /** Node's require, relative to this package: how its Node-only dependency (undici) is loaded. */
  require(id: string): unknown;
}

/** Who needs Node, for what, and what a caller without Node does instead: the three parts of the error. */
export interface NodeNeed {
  /** The public function or class, as the user called it. */
  readonly caller: string;
  /** What it does with Node, completing "<caller> ...". */
  readonly needs: string;
  /** What to do in a browser instead: the pure function or web API to use. */
  readonly instead: string;
}

/**
 * Node's modules for `need.caller`; where the runtime has none (a browser), an NntsError naming the
 * caller, what it needs Node for and what to do instead.
 */
export function requireNode(need: NodeNeed): NodeRuntime {
  const process = (globalThis as { process?: Partial<NodeProcess> }).process;
  if (typeof process?.getBuiltinModule !== 'function') {
    throw new NntsError(`${need.caller} ${need.needs}, and this runtime has no Node.js (no process.getBuiltinModule: a browser?). ${need.instead}`);
  }
  const node = process as NodeProcess;
  const load = <T>(id: string): T => node.getBuiltinModule(id) as T;
  return {
    process: node,
    get crypto() { return load<typeof Crypto>('node:crypto'); },
    get fs() { return load<typeof Fs>('node:fs'); },
    get fsPromises() { return load<typeof FsPromises>('node:fs/promises'); },
    get os() { return load<typeof Os>('node:os'); },
    get path() { return load<typeof Path>('node:path'); },
    get timers() { return load<typeof Timers>('node:timers/promises'); },
    get url() { return load<typeof Url>('node:url'); },
    get zlib() { return load<typeof Zlib>('node:zlib'); },
    require: (id) => load<typeof Module>('node:module').createRequire(import.meta.url)(id),
  };
}

/** Node's standard error where there is one; elsewhere an output that is not a terminal, so nothing is drawn. */
export function standardError(): TerminalOutput {
  return (globalThis as { process?: { stderr?: TerminalOutput } }).process?.stderr ?? { write: () => undefined };
}
