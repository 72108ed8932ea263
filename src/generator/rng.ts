/** Seeded PRNG (mulberry32) with the draws the modes need; no Math.random anywhere. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A child generator whose stream depends only on this seed and the label. */
  static derive(seed: number, label: string): Rng {
    let h = (seed ^ 0x9e3779b9) >>> 0;
    for (let i = 0; i < label.length; i++) {
      h = Math.imul(h ^ label.charCodeAt(i), 0x85ebca6b) >>> 0;
      h ^= h >>> 13;
    }
    return new Rng(h);
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Index drawn with probability proportional to weights[i]. */
  weighted(weights: ArrayLike<number>, total?: number): number {
    let sum = total ?? 0;
    if (total === undefined) for (let i = 0; i < weights.length; i++) sum += weights[i]!;
    let r = this.next() * sum;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** k distinct numbers from 1..weights.length, drawn without replacement by weight; sorted. */
  sampleWithoutReplacement(weights: ArrayLike<number>, k: number): number[] {
    const w = Float64Array.from(weights as ArrayLike<number>);
    const out: number[] = [];
    for (let j = 0; j < k; j++) {
      let sum = 0;
      for (let i = 0; i < w.length; i++) sum += w[i]!;
      // All weight used up: the rest are equally likely.
      if (!(sum > 0)) for (let i = 0; i < w.length; i++) w[i] = out.includes(i + 1) ? 0 : 1;
      const i = this.weighted(w);
      out.push(i + 1);
      w[i] = 0;
    }
    return out.sort((a, b) => a - b);
  }
}
