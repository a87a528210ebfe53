/**
 * The seeded random source the forecasts simulate with: sfc32 (Small Fast Counting generator,
 * 128-bit state) seeded through splitmix32, and standard normal draws by Marsaglia's polar method.
 * It never touches Math.random, so the same seed gives the same prediction intervals on every
 * machine and Node version.
 */

export interface RandomSource {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
}

const TWO_POW_32 = 4294967296;

function splitmix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

/** A random source for `seed` (any finite number; it is folded to 64 bits of entropy at most). */
export function createRandom(seed: number): RandomSource {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const low = Math.trunc(seed) >>> 0;
  const high = Math.floor(Math.trunc(seed) / TWO_POW_32) >>> 0;
  let state = (low ^ Math.imul(high, 0x27d4eb2d) ^ 0x5eed) | 0;
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [next, output] = splitmix32(state);
    state = next;
    words.push(output | 0);
  }
  let [a, b, c, d] = words as [number, number, number, number];

  const nextUint32 = (): number => {
    const t0 = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const t = (t0 + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs so that nearby seeds diverge before they are used.
  for (let i = 0; i < 12; i++) nextUint32();

  const uniform = (): number => nextUint32() / TWO_POW_32;
  let spare = Number.NaN;
  const normal = (): number => {
    if (!Number.isNaN(spare)) {
      const value = spare;
      spare = Number.NaN;
      return value;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * factor;
    return u * factor;
  };
  return { uniform, normal };
}
