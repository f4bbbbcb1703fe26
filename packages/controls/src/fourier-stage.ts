/**
 * The hidden stage of the known algorithm for (a + b) mod p (Nanda et al. 2023): for every frequency
 * k = 1..(p−1)/2, with ωk = 2πk/p, the four products of the embeddings of a and b,
 * cos(ωk·a)cos(ωk·b), sin(ωk·a)sin(ωk·b), sin(ωk·a)cos(ωk·b), cos(ωk·a)sin(ωk·b). By the angle-sum
 * identities they hold cos(ωk·(a+b)) = cc − ss and sin(ωk·(a+b)) = sc + cs, from which the sum is read
 * as argmax_c Σ_k cos(ωk·(a + b − c)). The planted control lays this stage out as a site of its own on
 * modadd, so its glass box also contains the mechanism the Fourier analysis looks for.
 */
export class FourierStage {
  /** Frequencies 1..(p−1)/2. */
  readonly frequencies: number;
  /** Units of the stage: four per frequency. */
  readonly width: number;

  constructor(readonly p: number) {
    this.frequencies = Math.floor((p - 1) / 2);
    this.width = 4 * this.frequencies;
  }

  /** One label per unit, in the order `write` uses. */
  labels(): string[] {
    return Array.from({ length: this.frequencies }, (_, i) => {
      const k = i + 1;
      return [`cos${k}a·cos${k}b`, `sin${k}a·sin${k}b`, `sin${k}a·cos${k}b`, `cos${k}a·sin${k}b`];
    }).flat();
  }

  /** Writes the stage's units for (a, b) into `out` from `start`. */
  write(a: number, b: number, out: Float32Array, start: number): void {
    for (let i = 0; i < this.frequencies; i++) {
      const w = (2 * Math.PI * (i + 1)) / this.p;
      const [ca, sa, cb, sb] = [Math.cos(w * a), Math.sin(w * a), Math.cos(w * b), Math.sin(w * b)];
      out[start + 4 * i] = ca * cb;
      out[start + 4 * i + 1] = sa * sb;
      out[start + 4 * i + 2] = sa * cb;
      out[start + 4 * i + 3] = ca * sb;
    }
  }

  /** The sum the (possibly edited) units stand for: argmax_c Σ_k cos(ωk·(a+b)−ωk·c), the first on ties. */
  readSum(units: ArrayLike<number>, start: number): number {
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < this.p; c++) {
      let score = 0;
      for (let i = 0; i < this.frequencies; i++) {
        const w = (2 * Math.PI * (i + 1) * c) / this.p;
        const cosSum = units[start + 4 * i]! - units[start + 4 * i + 1]!;
        const sinSum = units[start + 4 * i + 2]! + units[start + 4 * i + 3]!;
        score += cosSum * Math.cos(w) + sinSum * Math.sin(w);
      }
      // A margin above float noise, so exact units read back their own sum.
      if (score > bestScore + 1e-9) {
        best = c;
        bestScore = score;
      }
    }
    return best;
  }
}
