import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmrToWords, POSSIBLE_MATCH, scoreBand } from '../src/words.ts';

test('false-match rates read as plain words with rounded counts', () => {
  assert.equal(fmrToWords(1e-5), 'about 1 in 100,000 different people would score this high');
  assert.equal(fmrToWords(0.0031), 'about 1 in 300 different people would score this high');
  assert.equal(fmrToWords(0.7), 'about half of all different people would score this high');
  assert.match(fmrToWords(0), /fewer than 1 in 10 billion/);
});

test('bands grade the evidence and the app never calls a candidate a match', () => {
  assert.equal(scoreBand(1e-7).band, 'very-strong');
  assert.equal(scoreBand(5e-5).band, 'strong');
  assert.equal(scoreBand(0.005).band, 'moderate');
  assert.equal(scoreBand(0.2).band, 'weak');
  assert.match(POSSIBLE_MATCH, /^Possible match: verify identity with documents$/);
});
