/**
 * A small seeded random source for the demo generator: sfc32 (Chris Doty-Humphrey's Small Fast
 * Counting generator, 128-bit state, as in PractRand) seeded through splitmix32, plus the
 * distributions the demo needs. Never uses Math.random, so the same seed gives the same numbers on
 * every machine and Node version.
 */

const TWO_POW_32 = 4294967296;

/** splitmix32 step: returns the next state and a well-mixed 32-bit output. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

/** Mixes a label (number or string) into a 32-bit hash state (FNV-1a over the label, then murmur3's finaliser). */
function mixLabel(hash: number, label: number | string): number {
  let h = hash ^ 0x811c9dc5;
  if (typeof label === "number") {
    // Numbers may exceed 32 bits (seeds): fold both halves in.
    const low = label >>> 0;
    const high = Math.floor(label / TWO_POW_32) >>> 0;
    h = Math.imul(h ^ low, 0x01000193);
    h = Math.imul(h ^ high, 0x01000193);
    h = Math.imul(h ^ 0x9e, 0x01000193);
  } else {
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x5a, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit FNV-1a hash of a string: used for the A/B assignment of a session id. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** log Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9), accurate to about 1e-13. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Cumulative weights for drawing an index with `Random.categorical`. */
export interface Categorical {
  readonly cumulative: Float64Array;
  readonly total: number;
}

export function makeCategorical(weights: readonly number[]): Categorical {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] ?? 0;
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weight ${i} must be a finite number >= 0`);
    total += w;
    cumulative[i] = total;
  }
  return { cumulative, total };
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = Number.NaN;

  /** A generator for `seed` and a path of labels: each distinct path is an independent stream. */
  constructor(seed: number, ...labels: (number | string)[]) {
    let hash = mixLabel(0x6f70736c, seed);
    for (const label of labels) hash = mixLabel(hash, label);
    let state = hash | 0;
    const out: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, value] = splitmix32(state);
      state = next;
      out.push(value);
    }
    this.a = (out[0] as number) | 0;
    this.b = (out[1] as number) | 0;
    this.c = (out[2] as number) | 0;
    this.d = (out[3] as number) | 0;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Next 32-bit unsigned integer (sfc32). */
  nextUint32(): number {
    const t0 = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    const t = (t0 + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [low, high] (both inclusive). */
  intBetween(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** Normal by the Marsaglia polar method (the second value of each pair is kept for the next call). */
  normal(mean = 0, sd = 1): number {
    if (!Number.isNaN(this.spareNormal)) {
      const value = this.spareNormal;
      this.spareNormal = Number.NaN;
      return mean + sd * value;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    return mean + sd * u * factor;
  }

  /** exp(N(mu, sigma)). */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** A lognormal with the given median and the multiplicative spread sigma (log-scale sd). */
  lognormalMedian(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }

  exponential(rate: number): number {
    return -Math.log(1 - this.next()) / rate;
  }

  /**
   * Poisson: multiplication method (Knuth) below 12, else PTRS, the transformed rejection with
   * squeeze of Hörmann (1993), exact for every mean.
   */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda < 12) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k++;
        p *= this.next();
      }
      return k;
    }
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (
        Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
        -lambda + k * loglam - logGamma(k + 1)
      ) {
        return k;
      }
    }
  }

  /** Gamma(shape, scale) by Marsaglia and Tsang (2000); shape < 1 by the boost U^(1/shape). */
  gamma(shape: number, scale = 1): number {
    if (shape < 1) {
      const u = this.next();
      return this.gamma(shape + 1, scale) * u ** (1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x = 0;
      let v = 0;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /** An index drawn with the probabilities of a `Categorical` (binary search over the cumulative weights). */
  categorical(dist: Categorical): number {
    const target = this.next() * dist.total;
    const cumulative = dist.cumulative;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((cumulative[mid] as number) > target) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick from an empty list");
    return items[this.int(items.length)] as T;
  }
}
