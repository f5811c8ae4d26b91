// Which detected face is "the" subject: the ordering rule of detect.ts on hand-made boxes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orderFaces } from '../src/detect.ts';

const face = (x1: number, y1: number, x2: number, y2: number, confidence: number, id: string) => ({ id, confidence, box: { x1, y1, x2, y2 } });

test('a larger face wins at equal confidence and position', () => {
  const got = orderFaces([face(100, 100, 140, 140, 1, 'small'), face(90, 90, 160, 160, 1, 'large')], 250, 250);
  assert.deepEqual(got.map((f) => f.id), ['large', 'small']);
});

test('a cut-off, less certain bystander at the edge loses to the centred subject', () => {
  // Boxes as detected on lfw-dev Jean_Carnahan_0002: a half face at the left edge (0.70) is
  // larger than the centred subject's box, but it is neither the framed person nor a sure face.
  const got = orderFaces([face(0, 1, 92, 201, 0.699, 'edge'), face(91, 54, 184, 200, 1, 'subject')], 250, 250);
  assert.equal(got[0].id, 'subject');
});

test('a much larger face still wins away from the centre (the operator framed badly)', () => {
  const got = orderFaces([face(20, 20, 140, 170, 1, 'near'), face(150, 150, 190, 190, 1, 'far-small')], 250, 250);
  assert.equal(got[0].id, 'near');
});

test('ordering keeps every face', () => {
  const faces = [face(0, 0, 10, 10, 0.5, 'a'), face(50, 50, 90, 90, 0.9, 'b'), face(200, 200, 240, 240, 0.8, 'c')];
  assert.equal(orderFaces(faces, 250, 250).length, 3);
});
