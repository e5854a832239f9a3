// Where a kernel call puts its operands in the module's memory: one after another from the heap base,
// each on a 16-byte boundary for the kernels' vector loads, the memory grown to hold them. Every call
// starts again at the heap base: calls do not overlap (the second thread works inside a call).

/** The part of a WebAssembly.Memory used here. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface ModuleMemory {
  /** Byte addresses of blocks of the given sizes, in 4-byte elements (float32 or int32). */
  place(sizes: readonly number[]): number[];
  /** The memory as float32 and as int32, current after the last place(). */
  readonly f32: Float32Array;
  readonly i32: Int32Array;
}

const PAGE = 65536;

export function moduleMemory(memory: WasmMemory, heapBase: number): ModuleMemory {
  let f32 = new Float32Array(memory.buffer);
  let i32 = new Int32Array(memory.buffer);
  return {
    place(sizes) {
      const addresses: number[] = [];
      let at = heapBase;
      for (const size of sizes) {
        addresses.push(at);
        at += 16 * Math.ceil((4 * size) / 16);
      }
      const missing = at - memory.buffer.byteLength;
      if (missing > 0) memory.grow(Math.ceil(missing / PAGE));
      // A shared memory's buffer keeps its old length after growing; an unshared one is detached.
      if (f32.buffer !== memory.buffer || f32.byteLength !== memory.buffer.byteLength) {
        f32 = new Float32Array(memory.buffer);
        i32 = new Int32Array(memory.buffer);
      }
      return addresses;
    },
    get f32() {
      return f32;
    },
    get i32() {
      return i32;
    },
  };
}
