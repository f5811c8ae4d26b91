import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceThreshold, fuse, fusedFmr } from '../src/fusion.ts';
import { fmrText } from '../src/fmr-text.ts';
import { FaceIndex } from '../src/face-index.ts';
import { base32Decode, base32Encode, hotp, totp, verifyTotp } from '../src/totp.ts';

test('fusion: one term keeps its FMR; more terms add evidence but pay for the extra chances', () => {
  assert.equal(fuse({ score: 0.8, fmr: 1e-4 }, []).fmr, 1e-4);
  const two = fuse({ score: 0.8, fmr: 1e-4 }, [{ position: 2, score: 50, fmr: 1e-3 }]);
  assert.equal(two.evidence, 7);
  assert.ok(two.fmr < 1e-4, 'stronger than the face alone');
  assert.ok(two.fmr > 1e-7, 'weaker than the naive product 1e-7');
  // Under independence P(S >= s) for n=2 is e^-s (1 + s) with s in natural-log units.
  const s = 7 * Math.LN10;
  assert.ok(Math.abs(two.fmr - Math.exp(-s) * (1 + s)) < 1e-15);
  // Monotone, and the threshold inverts it.
  assert.ok(fusedFmr(5, 3) > fusedFmr(6, 3));
  const t = evidenceThreshold(1e-4, 3);
  assert.ok(Math.abs(fusedFmr(t, 3) - 1e-4) / 1e-4 < 1e-3);
});

test('FMR in plain words, never "match"', () => {
  assert.equal(fmrText(1e-5), 'about 1 in 100,000 different people would score this high');
  assert.equal(fmrText(3.2e-4), 'about 1 in 3,000 different people would score this high');
  assert.match(fmrText(0.7), /weak evidence/);
  for (const f of [1e-9, 1e-3, 0.2, 0.9]) assert.doesNotMatch(fmrText(f), /match/i);
});

test('face index: Float32 scan is exact; int8 keeps the same nearest neighbours on separable data', () => {
  const dim = 128, n = 2000;
  const rand = (() => { let s = 7; return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5; })();
  const vecs: Float32Array[] = [];
  const f32 = new FaceIndex(dim, 'float32', 16), i8 = new FaceIndex(dim, 'int8', 16);
  for (let i = 0; i < n; i++) {
    const v = new Float32Array(dim).map(() => rand());
    const norm = Math.hypot(...v); for (let j = 0; j < dim; j++) v[j] /= norm;
    vecs.push(v); f32.add(i, v); i8.add(i, v);
  }
  assert.equal(f32.size, n, 'grew past its initial capacity');
  for (let q = 0; q < 20; q++) {
    const probe = vecs[q * 50].map((x, j) => x + 0.3 * rand() / Math.sqrt(dim) * (j % 2 ? 1 : -1));
    const brute = vecs.map((v, i) => ({ i, s: v.reduce((a, x, j) => a + x * probe[j], 0) })).sort((a, b) => b.s - a.s).slice(0, 5);
    const hits = f32.search(probe, 5);
    assert.deepEqual(hits.map((h) => h.key), brute.map((b) => b.i));
    assert.ok(Math.abs(hits[0].score - brute[0].s) < 1e-5);
    assert.equal(i8.search(probe, 5)[0].key, q * 50);
    assert.ok(Math.abs(i8.search(probe, 1)[0].score - hits[0].score) < 0.02);
  }
  // Several templates under one key: one hit, its best score.
  const multi = new FaceIndex(dim);
  multi.add(1, vecs[0]); multi.add(1, vecs[1]); multi.add(2, vecs[2]);
  assert.deepEqual(multi.search(vecs[1], 5).map((h) => h.key), [1, 2]);
  assert.ok(Math.abs(multi.scoreKey(1, vecs[1])! - 1) < 1e-5);
  // A key's score is the best of its own templates, whatever was added between them (both encodings,
  // past the initial capacity); an unknown key has none.
  for (const enc of ['float32', 'int8'] as const) {
    const chained = new FaceIndex(dim, enc, 4);
    vecs.slice(0, 300).forEach((v, i) => chained.add(i % 7, v));
    for (let key = 0; key < 7; key++) {
      const own = vecs.slice(0, 300).filter((_, i) => i % 7 === key).map((v) => v.reduce((a, x, j) => a + x * vecs[key][j], 0));
      assert.ok(Math.abs(chained.scoreKey(key, vecs[key])! - Math.max(...own)) < 0.02, `${enc} key ${key}`);
    }
    assert.equal(chained.scoreKey(7, vecs[0]), null);
    assert.equal(chained.scoreKey(123456, vecs[0]), null);
  }
});

test('TOTP matches the RFC 6238 test vector and tolerates one step of drift', () => {
  // RFC 6238 appendix B, SHA-1 key "12345678901234567890", T = 59 s -> 94287082 (8 digits).
  const key = new TextEncoder().encode('12345678901234567890');
  assert.equal(hotp(key, 1, 8), '94287082');
  assert.equal(hotp(key, Math.floor(1111111109 / 30), 8), '07081804');
  const secret = base32Encode(key);
  assert.deepEqual([...base32Decode(secret)], [...key]);
  const now = 1_700_000_000_000;
  const code = totp(secret, now);
  assert.equal(verifyTotp(secret, code, now + 30_000), true);
  assert.equal(verifyTotp(secret, code, now + 95_000), false);
  assert.equal(verifyTotp(secret, 'abcdef', now), false);
});

test('HNSW face index (usearch) finds the same nearest record as the exact scan and scores records 1:1', async () => {
  const { HnswFaceIndex } = await import('../src/hnsw-index.ts');
  const dim = 64, n = 3000;
  let seed = 11;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5;
  const ann = new HnswFaceIndex(dim), exact = new FaceIndex(dim);
  const vecs: Float32Array[] = [];
  for (let i = 0; i < n; i++) {
    const v = new Float32Array(dim).map(() => rand());
    const norm = Math.hypot(...v); for (let j = 0; j < dim; j++) v[j] /= norm;
    vecs.push(v); ann.add(i % 2500, v); exact.add(i % 2500, v); // some records hold two templates
  }
  assert.equal(ann.size, n);
  let agree = 0;
  for (let q = 0; q < 50; q++) {
    const probe = vecs[q * 37];
    const a = ann.search(probe, 10), e = exact.search(probe, 10);
    assert.equal(a[0].key, e[0].key);
    assert.ok(Math.abs(a[0].score - e[0].score) < 1e-4);
    assert.equal(new Set(a.map((h) => h.key)).size, a.length, 'one hit per record');
    agree += a.filter((h) => e.some((x) => x.key === h.key)).length;
  }
  assert.ok(agree / 500 >= 0.95, `recall@10 ${agree / 500}`);
  assert.ok(Math.abs(ann.scoreKey(5, vecs[5])! - 1) < 0.02);
});
