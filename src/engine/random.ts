import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ALPHABET_CODES = Array.from(ALPHABET, (ch) => ch.charCodeAt(0));
/** Scratch space for id(): ids are built synchronously, one at a time. */
const ID_CODES: number[] = [];

/** Serializable state of a Random, so a snapshot can resume the exact same sequence. */
export interface RandomState {
  seed: string;
  words: [number, number, number, number];
  counter: number;
}

/**
 * A small, fast, seedable generator (sfc32) behind every id, phone number, ICCID and fault roll.
 * Faker is deliberately not used per request: seeding and calling it costs more than the request.
 */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  /** Monotonic part of ids: ids sort by creation and stay reproducible under a seed. */
  #counter: number;
  #seed: string;

  constructor(seed?: string | number) {
    this.#seed = seed === undefined ? randomBytes(8).toString('hex') : String(seed);
    const digest = createHash('sha256').update(this.#seed).digest();
    this.#a = digest.readUInt32LE(0);
    this.#b = digest.readUInt32LE(4);
    this.#c = digest.readUInt32LE(8);
    this.#d = digest.readUInt32LE(12);
    // Start the counter where real Gigs ids of this era start ("0U…"), plus a seeded offset.
    this.#counter = 30 * 62 ** 8 + (digest.readUInt32LE(16) % 1_000_000) * 1_000_000;
  }

  get seed(): string {
    return this.#seed;
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(minInclusive: number, maxInclusive: number): number {
    return minInclusive + Math.floor(this.next() * (maxInclusive - minInclusive + 1));
  }

  /** `count` random decimal digits, six per draw (a 100k-eSIM clock advance makes 1.5M of them). */
  digits(count: number): string {
    const parts: string[] = [];
    for (let have = 0; have < count; have += 6) parts.push(String(Math.floor(this.next() * 1_000_000)).padStart(6, '0'));
    return parts.join('').slice(0, count);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /**
   * `prefix_` + 28 chars of [0-9A-Za-z], like real Gigs ids: 10 chars of a monotonic counter (so ids
   * sort by creation) and 18 random ones.
   */
  id(prefix: string): string {
    this.#counter += 1;
    // The whole id, prefix included, becomes one flat string: a template literal would make a rope
    // of a fresh "prefix_" and the tail, three heap strings kept for the id's lifetime (100k users
    // with subscriptions hold 400k ids).
    const codes = ID_CODES;
    codes.length = prefix.length + 29;
    for (let i = 0; i < prefix.length; i++) codes[i] = prefix.charCodeAt(i);
    const at = prefix.length + 1;
    codes[at - 1] = 95; // '_'
    let n = this.#counter;
    for (let i = 9; i >= 0; i--) {
      codes[at + i] = ALPHABET_CODES[n % 62] as number;
      n = Math.floor(n / 62);
    }
    for (let i = 10; i < 28; i++) codes[at + i] = ALPHABET_CODES[Math.floor(this.next() * 62)] as number;
    return String.fromCharCode(...codes);
  }

  state(): RandomState {
    return { seed: this.#seed, words: [this.#a, this.#b, this.#c, this.#d], counter: this.#counter };
  }

  restore(state: RandomState): void {
    this.#seed = state.seed;
    [this.#a, this.#b, this.#c, this.#d] = state.words;
    this.#counter = state.counter;
  }
}

const TOKEN_BYTES = 18;
let pool = Buffer.alloc(0);
let poolAt = 0;

/**
 * Secrets that must not be guessable even when ids are seeded (QR code links, 144 bits). Drawn from
 * a pool refilled from the OS generator 8 KiB at a time: 100k eSIMs at once made one call each.
 */
export function unguessableToken(): string {
  if (poolAt + TOKEN_BYTES > pool.length) {
    pool = randomBytes(8192);
    poolAt = 0;
  }
  const token = pool.subarray(poolAt, poolAt + TOKEN_BYTES).toString('base64url');
  poolAt += TOKEN_BYTES;
  return token;
}

/** Appends the Luhn check digit used by ICCIDs. */
export function luhnComplete(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return [body, (10 - (sum % 10)) % 10].join('');
}

export function luhnValid(digits: string): boolean {
  return /^\d+$/.test(digits) && luhnComplete(digits.slice(0, -1)) === digits;
}
