// The engine's WebAssembly kernels: the committed bytes are what the committed sources compile to; the
// matcher's alignment kernel serves interleaved probes and refuses templates past its capacities.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { FingerprintMatcher, matchFingerprints } from '../src/index.ts';
import type { FingerTemplate } from '../src/types.ts';
import { compileKernel, KERNELS, kernelModulePath, renderKernelModule } from '../scripts/kernel.ts';
import { randomTemplate, transform } from './synth.ts';

test('the committed kernels are the builds of assembly/*.ts (else: node --import tsx packages/finger/scripts/kernel.ts)', async () => {
  assert.ok(KERNELS.length >= 2);
  for (const k of KERNELS) assert.equal(readFileSync(kernelModulePath(k), 'utf8'), renderKernelModule(k, await compileKernel(k)), k.name);
});

test('matchers whose comparisons interleave score as each does alone (the kernel reloads its probe)', () => {
  const a = randomTemplate(7), b = randomTemplate(8);
  const candidates = [transform(a, 0.3, 10, -5, 3), transform(b, -0.7, -20, 15, 3), randomTemplate(9), randomTemplate(10)];
  const alone = (p: FingerTemplate) => { const m = new FingerprintMatcher(p); return candidates.map((c) => m.match(c)); };
  const expectA = alone(a), expectB = alone(b);
  const ma = new FingerprintMatcher(a), mb = new FingerprintMatcher(b);
  const gotA: number[] = [], gotB: number[] = [];
  for (const c of candidates) { gotA.push(ma.match(c)); gotB.push(mb.match(c)); }
  assert.deepEqual(gotA, expectA);
  assert.deepEqual(gotB, expectB);
  assert.ok(expectA[0] > 2 * Math.max(expectA[2], expectA[3]) && expectB[1] > 2 * Math.max(expectB[2], expectB[3]));
});

test('the largest templates fit (255 minutiae, the matcher\'s limit); coordinates past the kernel\'s columns are refused', () => {
  // A 17 × 17 lattice (289 minutiae, 20 px apart) with varied directions: prepare() keeps 255 of them.
  const base = randomTemplate(11);
  const big: FingerTemplate = { ...base, width: 400, height: 400, minutiae: Array.from({ length: 289 }, (_, i) => ({
    x: 30 + (i % 17) * 20, y: 30 + Math.floor(i / 17) * 20, angle: (i * 2.399) % (2 * Math.PI), type: i % 2 ? 'ending' : 'bifurcation', quality: 80,
  })) };
  assert.ok(matchFingerprints(big, transform(big, 0.2, 5, 5, 1)) > 0);
  const far: FingerTemplate = { ...big, minutiae: big.minutiae.map((m, i) => (i === 0 ? { ...m, x: 70_000 } : m)) };
  assert.throws(() => matchFingerprints(big, far), RangeError);
});

test('a comparison does not depend on the candidates compared before it (the kernel pads past each candidate)', () => {
  // Candidates whose minutia counts are multiples of four (the pairing pass reads candidates in blocks of four
  // and one block past a strip) alternate with a large one that leaves other data in the kernel's memory.
  const probe = randomTemplate(21, 40);
  const cut = (t: FingerTemplate, n: number): FingerTemplate => ({ ...t, minutiae: t.minutiae.slice(0, n) });
  const candidates = [32, 36, 40, 33].map((n, k) => cut(transform(probe, 0.2 * k, 30 - 15 * k, 10 * k - 20, 2, 5 + k), n));
  candidates.push(randomTemplate(22, 36));
  const large = randomTemplate(23, 200);
  const m = new FingerprintMatcher(probe);
  const plain = candidates.map((c) => m.match(c));
  const afterLarge = candidates.map((c) => { m.match(large); return m.match(c); });
  const reversed = [...candidates].reverse().map((c) => m.match(c)).reverse();
  assert.deepEqual(afterLarge, plain);
  assert.deepEqual(reversed, plain);
  assert.ok(plain.slice(0, 4).every((s) => s > 2 * plain[4]), `mates ${plain.slice(0, 4)} against unrelated ${plain[4]}`);
});
