import type { DType } from './dtype';
import { DEFAULT_DTYPE, allocate } from './dtype';
import { getBackend } from './backend/active-backend';
import { ValueError } from './errors';
import { assertKnownOptions } from './options';
import type { Shape } from './shape';
import { assertValidShape, sizeOf } from './shape';
import { Tensor } from './tensor';

/** Everything a generator needs to continue exactly where it was: plain JSON. */
export interface RandomState {
  readonly algorithm: 'xoshiro128**';
  readonly words: readonly [number, number, number, number];
  /** Box-Muller makes normals in pairs; the unused second one is part of the state. */
  readonly spareNormal: number | null;
}

export interface DrawOptions {
  readonly dtype?: DType;
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

/**
 * A seeded pseudo-random generator: xoshiro128** (Blackman and Vigna, 2018), a 128-bit state of four
 * 32-bit words, seeded by splitmix32. It uses only 32-bit integer arithmetic, and normals use
 * Box-Muller with V8's own (fdlibm) log/cos/sin, so the same seed gives the same numbers on every run
 * and platform. Nothing in nnts calls Math.random: randomness is always a generator passed in.
 *
 * @example
 * const random = new RandomGenerator(42);
 * const w = random.normal([784, 300], 0, 0.05);
 * const saved = random.getState(); // ... later: random.setState(saved)
 */
export class RandomGenerator {
  // The four state words in a typed array: as plain fields, V8 boxed the int32 values beyond its small
  // integers, and every draw cost several times what the arithmetic does (Dropout draws one per value).
  private readonly s = new Int32Array(4);
  private spareNormal: number | null = null;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new ValueError(`RandomGenerator: seed must be a safe integer, got ${seed}`);
    // Both halves of the seed feed splitmix32, so seeds that differ only above bit 32 still differ.
    let x = (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) | 0, 0x9e3779b9);
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let t = x ^ (x >>> 16);
      t = Math.imul(t, 0x21f0aaad);
      t ^= t >>> 15;
      t = Math.imul(t, 0x735a2d97);
      return (t ^ (t >>> 15)) >>> 0;
    };
    const s = this.s;
    for (let i = 0; i < 4; i++) s[i] = next();
    if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1; // the one state xoshiro cannot leave
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const s0 = s[0]!;
    const s1 = s[1]!;
    const s2 = s[2]! ^ s0;
    const s3 = s[3]! ^ s1;
    s[0] = s0 ^ s3;
    s[1] = s1 ^ s2;
    s[2] = s2 ^ (s1 << 9);
    s[3] = rotateLeft(s3, 11);
    return Math.imul(rotateLeft(Math.imul(s1, 5), 7), 9) >>> 0;
  }

  /**
   * Fills `out` with the next out.length draws of nextUint32, in order, in one call: on the native
   * backend a loop in C++ (the same numbers), for whoever needs many (Dropout draws one per value).
   */
  fillUint32(out: Uint32Array): Uint32Array {
    if (!(out instanceof Uint32Array)) throw new ValueError('fillUint32: out must be a Uint32Array');
    const backend = getBackend();
    if (backend.randomBits) {
      backend.randomBits(this.s, out);
      return out;
    }
    for (let i = 0; i < out.length; i++) out[i] = this.nextUint32();
    return out;
  }

  /** A double uniform in [0, 1) with all 53 bits of mantissa random. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * TWO_POW_26 + low) / TWO_POW_53;
  }

  /** A standard normal draw (mean 0, standard deviation 1). */
  nextNormal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    const u1 = 1 - this.nextFloat(); // in (0, 1], so log is finite
    const u2 = this.nextFloat();
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** An integer uniform in [low, high), without modulo bias. */
  nextInt(low: number, high: number): number {
    const range = high - low;
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || range <= 0 || range > 4294967296) {
      throw new ValueError(`nextInt: expected integers low < high with high - low <= 2^32, got [${low}, ${high})`);
    }
    // Reject the top sliver of the 32-bit range that does not divide evenly into `range`.
    const limit = 4294967296 - (4294967296 % range);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return low + (x % range);
  }

  /** A tensor of draws uniform in [low, high). */
  uniform(shape: Shape, low = 0, high = 1, options: DrawOptions = {}): Tensor {
    if (!(low < high) || !Number.isFinite(high - low)) throw new ValueError(`uniform: expected finite low < high, got ${low} and ${high}`);
    return this.fill(shape, options, () => low + (high - low) * this.nextFloat(), 'uniform');
  }

  /** A tensor of normal draws with the given mean and standard deviation. */
  normal(shape: Shape, mean = 0, std = 1, options: DrawOptions = {}): Tensor {
    if (!(std >= 0) || !Number.isFinite(std) || !Number.isFinite(mean)) {
      throw new ValueError(`normal: expected a finite mean and std >= 0, got mean ${mean} and std ${std}`);
    }
    return this.fill(shape, options, () => mean + std * this.nextNormal(), 'normal');
  }

  /** A tensor of integers uniform in [low, high), stored as floats. */
  integers(shape: Shape, low: number, high: number, options: DrawOptions = {}): Tensor {
    return this.fill(shape, options, () => this.nextInt(low, high), 'integers');
  }

  /** A random ordering of 0..n-1 (Fisher-Yates), written into `out` when given (the same ordering either way). */
  permutation(n: number, out?: Int32Array): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) throw new ValueError(`permutation: n must be an integer >= 0, got ${n}`);
    if (out && out.length !== n) throw new ValueError(`permutation: out holds ${out.length} values, expected ${n}`);
    const order = out ?? new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.nextInt(0, i + 1);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    return order;
  }

  getState(): RandomState {
    const s = this.s;
    return { algorithm: 'xoshiro128**', words: [s[0]! >>> 0, s[1]! >>> 0, s[2]! >>> 0, s[3]! >>> 0], spareNormal: this.spareNormal };
  }

  setState(state: RandomState): this {
    const words = state.words;
    const valid = state.algorithm === 'xoshiro128**' && Array.isArray(words) && words.length === 4 &&
      words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff) && words.some((w) => w !== 0) &&
      (state.spareNormal === null || Number.isFinite(state.spareNormal));
    if (!valid) throw new ValueError(`setState: not a valid xoshiro128** state: ${JSON.stringify(state)}`);
    for (let i = 0; i < 4; i++) this.s[i] = words[i]!;
    this.spareNormal = state.spareNormal;
    return this;
  }

  /**
   * A new generator seeded from this one's next two draws: a stream of its own for whoever needs one
   * (a Dropout layer built by a model), derived deterministically, so reruns repeat.
   */
  fork(): RandomGenerator {
    // 21 + 32 bits: the largest seed that is still a safe integer.
    const high = this.nextUint32() & 0x1fffff;
    return new RandomGenerator(high * 4294967296 + this.nextUint32());
  }

  /** An independent copy that continues from the same state. */
  clone(): RandomGenerator {
    return new RandomGenerator(0).setState(this.getState());
  }

  private fill(shape: Shape, options: DrawOptions, draw: () => number, operation: string): Tensor {
    assertValidShape(shape, operation);
    assertKnownOptions(operation, options, ['dtype']);
    const data = allocate(options.dtype ?? DEFAULT_DTYPE, sizeOf(shape));
    for (let i = 0; i < data.length; i++) data[i] = draw();
    return new Tensor(data, shape);
  }
}

function rotateLeft(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
