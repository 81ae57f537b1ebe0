/**
 * Random streams, one per toy. Toy t of a run draws only from its own stream, derived from
 * (scenario seed, t) alone, so a run's data do not depend on workers, batches or shards.
 *
 * Derivation: the stream's seed string is the hex SHA-256 of "<seed>/<toy>", fed to seedrandom's
 * Tyche-i generator (S. Neves, F. Araujo, "Fast and small nonlinear pseudorandom number
 * generators for computer simulation", PPAM 2011; no systematic BigCrush failures), which
 * ToyUniforms reimplements to fill arrays in bulk. Hashing,
 * rather than concatenating, keeps neighbouring toys' seeds unrelated (with seedrandom's xor128
 * and xorwow, streams from adjacent string seeds are XOR-shifts of one another; measured).
 *
 * Measured on this machine (Node 20, one stream, 2e7 calls): Tyche-i 370-400 M uniforms/s, and
 * ~1 us to seed from the 64-character key; alea 176 M/s and ~5 us; xor4096 190-300 M/s and ~3 us.
 * xorshift7, xor128 and xorwow are ruled out by their seeding defects.
 */
import crypto from "node:crypto";

/**
 * A source of uniform variates with 32 random bits each: every call returns k / 2^32 with k
 * uniform on 0 .. 2^32 - 1, so values lie in [0, 1) on a grid of 2^-32. The Poisson samplers rely
 * on this grid to draw further bits only when 32 do not decide the outcome; use `uniform53` where
 * a finer variate is needed.
 */
export type Uniform = () => number;

/** How toy streams are made; recorded in the output metadata. */
export const RNG_ALGORITHM = 'seedrandom.tychei(hex(sha256("<seed>/<toy>")))';

const TWO_POW_32 = 2 ** 32;
const TWO_POW_MINUS_32 = 2 ** -32;

/**
 * A queue of 32-bit uniforms: raw[pos .. end) are the next words of a stream (a word k stands for
 * the uniform k / 2^32). Hot loops read raw[pos++] themselves and call refill() when pos reaches
 * end; everyone else calls next(). Reading ahead in bulk changes nothing in the sequence, so a
 * stream read through a queue gives the same values in the same order as calling it.
 */
export abstract class Uniforms {
  raw: Uint32Array;
  pos = 0;
  end = 0;
  /** The queue as a Uniform. */
  readonly uniform: Uniform = () => this.next();

  constructor(capacity: number) {
    this.raw = new Uint32Array(capacity);
  }

  /** Puts the next words of the stream in raw[0 .. end), end >= 1, and sets pos = 0. */
  abstract refill(): void;

  /** The next uniform, k / 2^32. */
  next(): number {
    if (this.pos === this.end) this.refill();
    return this.raw[this.pos++] * TWO_POW_MINUS_32;
  }
}

/** A Uniform function read through a queue one value at a time (so it is never read ahead). */
export class CallUniforms extends Uniforms {
  constructor(public source: Uniform) {
    super(1);
  }

  refill(): void {
    this.raw[0] = this.source() * TWO_POW_32;
    this.pos = 0;
    this.end = 1;
  }
}

/**
 * The toy streams, generated in bulk: seedrandom's Tyche-i (lib/tychei.js of seedrandom 3.0.5,
 * the same state update, string seeding and output, checked against it in the tests) inlined
 * into a loop that fills the queue, ~1 ns a word instead of a call each. One instance serves a
 * thread: reset() moves it to another toy's stream without allocating.
 */
export class ToyUniforms extends Uniforms {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  /** Words the next refill makes: the first of a toy `firstRefill`, later ones REFILL_WORDS. */
  private want = 0;

  constructor(capacity = 4096) {
    super(capacity);
  }

  /**
   * Moves to the stream of toy `toy` under `seed` (see toyStream). The first refill makes
   * `expectedWords` words (what the toy is expected to need; the rest are wasted), later ones 64.
   */
  reset(seed: number | string, toy: number, expectedWords = 64): this {
    checkSeedAndToy(seed, toy);
    const key = sha256Hex(`${seed}/${toy}`);
    // seedrandom's XorGen(key): a = b = 0, c = 2654435769 | 0, d = 1367130551; then for each of
    // key.length + 20 steps, b ^= the key's next char code (0 past its end) and one state update.
    let a = 0;
    let b = 0;
    let c = 2654435769 | 0;
    let d = 1367130551;
    for (let k = 0; k < key.length + 20; k++) {
      b ^= k < key.length ? key.charCodeAt(k) : 0;
      b = (b << 25) ^ (b >>> 7) ^ c;
      c = (c - d) | 0;
      d = (d << 24) ^ (d >>> 8) ^ a;
      a = (a - b) | 0;
      b = (b << 20) ^ (b >>> 12) ^ c;
      c = (c - d) | 0;
      d = (d << 16) ^ (c >>> 16) ^ a;
      a = (a - b) | 0;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    this.pos = this.end = 0;
    this.want = Math.min(Math.max(1, Math.ceil(expectedWords)), this.raw.length);
    return this;
  }

  refill(): void {
    const raw = this.raw;
    const n = this.want;
    let { a, b, c, d } = this;
    for (let i = 0; i < n; i++) {
      b = (b << 25) ^ (b >>> 7) ^ c;
      c = (c - d) | 0;
      d = (d << 24) ^ (d >>> 8) ^ a;
      a = (a - b) | 0;
      b = (b << 20) ^ (b >>> 12) ^ c;
      c = (c - d) | 0;
      d = (d << 16) ^ (c >>> 16) ^ a;
      a = (a - b) | 0;
      raw[i] = a; // stored as a >>> 0, the word seedrandom divides by 2^32
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    this.pos = 0;
    this.end = n;
    this.want = REFILL_WORDS;
  }
}

const REFILL_WORDS = 64;

function checkSeedAndToy(seed: number | string, toy: number): void {
  const seedIsValid =
    (typeof seed === "number" && Number.isSafeInteger(seed) && seed >= 0) ||
    (typeof seed === "string" && seed.length > 0);
  if (!seedIsValid) {
    throw new RangeError(
      `seed must be a non-negative safe integer or a non-empty string, got ${String(seed)}`,
    );
  }
  if (!(Number.isSafeInteger(toy) && toy >= 0)) {
    throw new RangeError(`toy must be a non-negative safe integer, got ${String(toy)}`);
  }
}

/**
 * The stream of toy `toy` under scenario seed `seed`. An integer seed n and the string seed
 * String(n) give the same streams.
 * @throws RangeError unless seed is a non-negative safe integer or a non-empty string and toy a
 * non-negative safe integer.
 */
export function toyStream(seed: number | string, toy: number): Uniform {
  return new ToyUniforms(REFILL_WORDS).reset(seed, toy).uniform;
}

/** Hex SHA-256 of a string; crypto.hash (Node >= 20.12) takes 0.4 us here, createHash 1 us. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === "function"
    ? (text) => crypto.hash("sha256", text)
    : (text) => crypto.createHash("sha256").update(text).digest("hex");

const TWO_POW_21 = 2 ** 21;
const TWO_POW_MINUS_53 = 2 ** -53;

/**
 * x, a value u() returned (32 bits, so it stands for the cell [x, x + 2^-32)), refined to 53 bits
 * by one more call of u: x + floor(k2 / 2^11) 2^-53 = (k1 2^21 + floor(k2 / 2^11)) 2^-53, exact in
 * a double and uniform on the cell.
 */
export function refine53(x: number, u: Uniform): number {
  return x + Math.floor(u() * TWO_POW_21) * TWO_POW_MINUS_53;
}

/** A uniform variate on [0, 1) with 53 random bits (a multiple of 2^-53), from two calls of u. */
export function uniform53(u: Uniform): number {
  return refine53(u(), u); // the argument's call of u comes first
}
