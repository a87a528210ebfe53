/**
 * Seeded random numbers: xoshiro128** (Blackman & Vigna), one independent stream per source of
 * randomness (the arrival process, each activity's durations, each routing decision). A stream's
 * state comes from a hash of (seed, replication, source name), so a source draws the same numbers
 * in every scenario run with the same seed: common random numbers.
 */

/** 32-bit finaliser of MurmurHash3: a bijection that mixes every input bit into every output bit. */
function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

/** FNV-1a hash of a string (the source's name). */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

const TWO_POW_M32 = 2 ** -32;

export class RandomStream {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Second normal deviate of the last polar-method pair. */
  private spare = Number.NaN;

  constructor(seed: number, replication: number, source: string) {
    // Splitmix32 over a key built from the three parts fills the 128-bit state.
    let key = mix32(
      mix32(seed ^ 0x5bd1e995) ^ mix32(hashString(source)) ^ Math.imul(replication + 1, 0x9e3779b9),
    );
    const next = () => {
      key = (key + 0x9e3779b9) | 0;
      return mix32(key);
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r >>> 0;
  }

  /** Uniform on the open interval (0, 1): never exactly 0 or 1, so logarithms are safe. */
  uniform(): number {
    return (this.nextUint32() + 0.5) * TWO_POW_M32;
  }

  /** Standard normal deviate (Marsaglia's polar method). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = Number.NaN;
      return z;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s >= 1 || s === 0) continue;
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      this.spare = v * f;
      return u * f;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
