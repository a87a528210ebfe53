import type { Codes } from "./xml-scanner.js";

/**
 * Gives each distinct attribute key a small number and one shared string, so that the millions of
 * `key="..."` values in a log are neither allocated again nor compared character by character: the
 * reader tells keys apart by number. Equal keys always get the same number, or all get NO_KEY_ID (too
 * long, or first seen when the table was full).
 */

const SLOTS = 32_768;
/** Keys beyond this many distinct ones are not numbered (they still work, just slower). */
export const MAX_KEYS = 16_384;
/** Longer keys (BPI logs have metadata keyed by whole variants) are not numbered. */
export const MAX_KEY_LENGTH = 64;
export const NO_KEY_ID = -1;

function hashOf(s: string): number {
  let h = 0;
  for (let k = 0; k < s.length; k++) h = (Math.imul(h, 31) + s.charCodeAt(k)) | 0;
  return h;
}

export class KeyTable {
  private readonly slotHashes = new Int32Array(SLOTS);
  /** Id + 1 of the key in each slot; 0 for an empty slot. */
  private readonly slotIds = new Int32Array(SLOTS);
  private readonly byId: string[] = [];
  /** UTF-16 codes of every key, back to back; key `id` starts at `offsets[id]`. */
  private codes = new Uint16Array(1 << 14);
  private used = 0;
  private readonly offsets = new Int32Array(MAX_KEYS);
  private readonly lengths = new Int32Array(MAX_KEYS);
  /** For each key, the key that followed it the last time: XES elements repeat the same keys in order. */
  private readonly following = new Int32Array(MAX_KEYS).fill(NO_KEY_ID);
  private last = NO_KEY_ID;

  /** Number of keys numbered so far; ids run from 0 to size - 1. */
  get size(): number {
    return this.byId.length;
  }

  /** The id of a key given as a string, numbering it if it is new. */
  idOf(key: string): number {
    const n = key.length;
    if (n > MAX_KEY_LENGTH) return NO_KEY_ID;
    const codes = new Uint16Array(n);
    for (let k = 0; k < n; k++) codes[k] = key.charCodeAt(k);
    return this.find(hashOf(key), key, codes, 0, n);
  }

  /** The key with this id. */
  keyOf(id: number): string {
    return this.byId[id] ?? "";
  }

  /** The id of the key `s.slice(start, end)`, whose UTF-16 codes are `codes[start..end)`, numbering it if new. */
  lookup(s: string, codes: Codes, start: number, end: number): number {
    const length = end - start;
    if (length > MAX_KEY_LENGTH) return NO_KEY_ID;
    const guess = this.last === NO_KEY_ID ? NO_KEY_ID : (this.following[this.last] ?? NO_KEY_ID);
    if (guess !== NO_KEY_ID && this.equals(guess, codes, start, length)) {
      this.last = guess;
      return guess;
    }
    let h = 0;
    for (let k = start; k < end; k++) h = (Math.imul(h, 31) + (codes[k] as number)) | 0;
    const id = this.find(h, s, codes, start, end);
    if (this.last !== NO_KEY_ID && id !== NO_KEY_ID) this.following[this.last] = id;
    this.last = id;
    return id;
  }

  private equals(id: number, codes: Codes, start: number, length: number): boolean {
    if (this.lengths[id] !== length) return false;
    const offset = this.offsets[id] ?? 0;
    const own = this.codes;
    for (let k = 0; k < length; k++) if (own[offset + k] !== codes[start + k]) return false;
    return true;
  }

  private find(hash: number, s: string, codes: Codes, start: number, end: number): number {
    const length = end - start;
    let slot = hash & (SLOTS - 1);
    for (let probe = 0; probe < SLOTS; probe++) {
      const stored = this.slotIds[slot] ?? 0;
      if (stored === 0) {
        if (this.byId.length >= MAX_KEYS) return NO_KEY_ID;
        const id = this.byId.length;
        this.byId.push(start === 0 && s.length === length ? s : s.slice(start, end));
        if (this.used + length > this.codes.length) {
          const grown = new Uint16Array(Math.max(this.codes.length * 2, this.used + length));
          grown.set(this.codes);
          this.codes = grown;
        }
        this.offsets[id] = this.used;
        this.lengths[id] = length;
        this.codes.set(codes.subarray(start, end), this.used);
        this.used += length;
        this.slotIds[slot] = id + 1;
        this.slotHashes[slot] = hash;
        return id;
      }
      if (this.slotHashes[slot] === hash && this.equals(stored - 1, codes, start, length)) return stored - 1;
      slot = (slot + 1) & (SLOTS - 1);
    }
    return NO_KEY_ID;
  }
}
