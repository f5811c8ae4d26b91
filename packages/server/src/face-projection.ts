// A learned low-dimensional view of face templates for the first pass of a large 1:N scan.
// Face embeddings do not use their 512 dimensions evenly: on 2,500 LFW templates of the shipped
// encoder the top 64 principal directions of the second-moment matrix hold 72% of the energy, the
// top 128 97% and the top 192 all of it (docs/server.md). Scoring every template in the top m
// directions first and re-scoring a shortlist in full therefore costs m/512 of the scan for a small
// loss of ranking accuracy, which the shortlist absorbs. The basis is learned from the gallery
// itself (no model-specific constants), so a user's own encoder gets its own basis.
import { int8Rows, toInt16Probe, type Int8RowStore } from './simd-dot.ts';

export interface Basis {
  readonly dim: number;
  readonly dims: number;
  /** Orthonormal rows, dims × dim. */
  readonly rows: Float32Array;
  /** Share of the sample's second moment held by the basis (0..1). */
  readonly energy: number;
  /** Share held by each row (its Rayleigh quotient over the trace), in the order of the rows. */
  readonly rowEnergy: Float64Array;
}

/**
 * The top `dims` eigenvectors of the second-moment matrix of `count` vectors (rows of `sample`),
 * by subspace iteration: V ← orthonormalise(C·V), from a fixed pseudo-random start. Deterministic.
 */
export function learnBasis(sample: Float32Array, dim: number, count: number, dims: number, iterations = 40): Basis {
  if (dims > dim) throw new Error(`cannot keep ${dims} of ${dim} dimensions`);
  const c = new Float64Array(dim * dim);
  for (let i = 0; i < count; i++) {
    const o = i * dim;
    for (let a = 0; a < dim; a++) {
      const xa = sample[o + a];
      if (xa === 0) continue;
      const row = a * dim;
      for (let b = a; b < dim; b++) c[row + b] += xa * sample[o + b];
    }
  }
  let trace = 0;
  for (let a = 0; a < dim; a++) {
    trace += c[a * dim + a];
    for (let b = a + 1; b < dim; b++) c[b * dim + a] = c[a * dim + b];
  }
  let seed = 0x9e3779b9;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
  let v = Float64Array.from({ length: dims * dim }, rand);
  orthonormalise(v, dims, dim);
  let w = new Float64Array(dims * dim);
  for (let it = 0; it < iterations; it++) {
    multiply(c, v, w, dims, dim);
    orthonormalise(w, dims, dim);
    [v, w] = [w, v];
  }
  // Energy held: sum of the Rayleigh quotients vᵀCv over the basis, against the trace.
  multiply(c, v, w, dims, dim);
  const rowEnergy = new Float64Array(dims);
  for (let k = 0; k < dims; k++) {
    let e = 0;
    for (let j = k * dim; j < (k + 1) * dim; j++) e += v[j] * w[j];
    rowEnergy[k] = trace > 0 ? e / trace : 0;
  }
  const held = rowEnergy.reduce((a, b) => a + b, 0);
  return { dim, dims, rows: Float32Array.from(v), energy: held, rowEnergy };
}

/** out[k] = C · v[k] for each of the `dims` rows of v. */
function multiply(c: Float64Array, v: Float64Array, out: Float64Array, dims: number, dim: number): void {
  for (let k = 0; k < dims; k++) {
    const vo = k * dim;
    for (let a = 0; a < dim; a++) {
      let s = 0;
      const row = a * dim;
      for (let b = 0; b < dim; b++) s += c[row + b] * v[vo + b];
      out[vo + a] = s;
    }
  }
}

/** Modified Gram–Schmidt over the rows (a row that collapses is replaced by a unit axis). */
function orthonormalise(v: Float64Array, dims: number, dim: number): void {
  for (let k = 0; k < dims; k++) {
    const ko = k * dim;
    for (let p = 0; p < k; p++) {
      const po = p * dim;
      let d = 0;
      for (let j = 0; j < dim; j++) d += v[ko + j] * v[po + j];
      for (let j = 0; j < dim; j++) v[ko + j] -= d * v[po + j];
    }
    let n = 0;
    for (let j = 0; j < dim; j++) n += v[ko + j] * v[ko + j];
    if (n < 1e-24) { v.fill(0, ko, ko + dim); v[ko + (k % dim)] = 1; continue; }
    n = 1 / Math.sqrt(n);
    for (let j = 0; j < dim; j++) v[ko + j] *= n;
  }
}

/**
 * Projects vectors onto a basis with the int8 kernel: the basis rows are stored as int8 (one scale
 * each) and the vector plays the int16 probe, so one projection is `dims` SIMD dot products.
 */
export class Projector {
  readonly dims: number;
  private readonly rows: Int8RowStore;
  private readonly rowScales: Float32Array;
  private readonly probe: Int16Array;

  constructor(readonly basis: Basis) {
    this.dims = basis.dims;
    this.rows = int8Rows(basis.dim, Math.max(basis.dims, 16));
    this.rowScales = new Float32Array(basis.dims);
    this.probe = new Int16Array(basis.dim);
    const q = new Int8Array(basis.dim);
    for (let k = 0; k < basis.dims; k++) {
      const row = basis.rows.subarray(k * basis.dim, (k + 1) * basis.dim);
      let max = 0;
      for (const x of row) max = Math.max(max, Math.abs(x));
      const s = max > 0 ? max / 127 : 1;
      for (let j = 0; j < basis.dim; j++) q[j] = Math.round(row[j] / s);
      this.rowScales[k] = s;
      this.rows.push(q);
    }
  }

  /** out = basis · v (float, dims values). */
  project(v: Float32Array, out: Float32Array): void {
    const s = toInt16Probe(v, this.probe);
    this.rows.setProbe(this.probe);
    const dots = this.rows.dotsRange(0, this.dims);
    for (let k = 0; k < this.dims; k++) out[k] = dots[k] * s * this.rowScales[k];
  }
}
