// Synthetic face templates for benchmarks that behave more like real embeddings than uniformly random
// unit vectors. Real templates are not spread evenly over the 512-d sphere: their energy sits in fewer
// directions (a decaying spectrum), so different people's cosines spread wider than the 1/sqrt(512)
// of random vectors, and two photos of one person share an identity centre. This generator matches
// two measured numbers:
//  - impostorStd: the standard deviation of different-person cosines; coordinate j gets variance
//    j^-beta, with beta chosen so the effective dimension (sum l)^2 / sum l^2 equals 1/impostorStd^2;
//  - genuineCos: the mean cosine of two photos of one person; a sample is centre + tau * noise with
//    both drawn from the same spectrum, so cos(sample1, sample2) ~ 1 / (1 + tau^2).

export interface SpreadTargets { impostorStd: number; genuineCos: number }

export interface SyntheticFaces {
  readonly dim: number; readonly beta: number; readonly tau: number;
  /** Writes an identity centre (not normalised) into out[off..off+dim). */
  centre(out: Float32Array, off: number): void;
  /** Writes one L2-normalised photo of the identity with the given centre. */
  sample(centre: Float32Array, centreOff: number, out: Float32Array, off: number): void;
}

const effectiveDim = (dim: number, beta: number) => {
  let s = 0, s2 = 0;
  for (let j = 1; j <= dim; j++) { const l = j ** -beta; s += l; s2 += l * l; }
  return (s * s) / s2;
};

export function spectrumBeta(dim: number, impostorStd: number): number {
  const want = Math.min(dim, 1 / (impostorStd * impostorStd));
  let lo = 0, hi = 4; // effectiveDim falls as beta grows
  for (let k = 0; k < 50; k++) { const mid = (lo + hi) / 2; if (effectiveDim(dim, mid) > want) lo = mid; else hi = mid; }
  return (lo + hi) / 2;
}

export function syntheticFaces(dim: number, t: SpreadTargets, rand: () => number): SyntheticFaces {
  const beta = spectrumBeta(dim, t.impostorStd);
  const scale = Float32Array.from({ length: dim }, (_, j) => Math.sqrt((j + 1) ** -beta));
  const tau = Math.sqrt(1 / t.genuineCos - 1);
  // Box-Muller normals; the spectrum needs true Gaussians for the cosine spread to come out right.
  let spare: number | null = null;
  const normal = () => {
    if (spare !== null) { const s = spare; spare = null; return s; }
    const u = Math.max(rand(), 1e-12), v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  const noise = new Float32Array(dim);
  const draw = (out: Float32Array, off: number) => {
    let n = 0;
    for (let j = 0; j < dim; j++) { const x = normal() * scale[j]; out[off + j] = x; n += x * x; }
    n = 1 / Math.sqrt(n);
    for (let j = 0; j < dim; j++) out[off + j] *= n;
  };
  return {
    dim, beta, tau,
    centre: draw,
    sample(c, coff, out, off) {
      draw(noise, 0);
      let n = 0;
      for (let j = 0; j < dim; j++) { const x = c[coff + j] + tau * noise[j]; out[off + j] = x; n += x * x; }
      n = 1 / Math.sqrt(n);
      for (let j = 0; j < dim; j++) out[off + j] *= n;
    },
  };
}
