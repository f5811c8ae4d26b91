// Face photos for tests of any package (server, web e2e), made at test time from the demo photos
// that the npm package @vladmandic/face-api ships (demo/sample1..6.jpg, group photos; a dev
// dependency of @candor/face). Nothing is copied into the repository and no dataset is needed.
//
//   faceFixturePath()          a group photo with 3 faces (sample1.jpg)
//   await faceFixtures()       single-face JPEG crops written once to the OS temp dir:
//     personA, personA2        the same woman in two different photos (sample3, nearly frontal,
//                              and sample1, head tilted ~45 degrees); the engine scores the pair
//                              ~0.59, far above its impostor range
//     personB                  a different woman (sample2)
//     group                    = faceFixturePath()
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

export function demoPhotoPath(n: 1 | 2 | 3 | 4 | 5 | 6): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo', `sample${n}.jpg`);
}

export function faceFixturePath(): string {
  return demoPhotoPath(1);
}

export interface FaceFixtures { personA: string; personA2: string; personB: string; group: string }

// Square crops around one face each: [photo, left, top, side] in the photo's pixels.
const CROPS = {
  personA: [3, 897, 57, 600],
  personA2: [1, 1326, 65, 500],
  personB: [2, 1299, 18, 500],
} as const;

export async function faceFixtures(): Promise<FaceFixtures> {
  const dir = join(tmpdir(), 'candor-face-fixtures-v2');
  mkdirSync(dir, { recursive: true });
  const out: Record<string, string> = { group: faceFixturePath() };
  for (const [name, [photo, left, top, side]] of Object.entries(CROPS)) {
    const path = join(dir, `${name}.jpg`);
    if (!existsSync(path)) {
      const jpeg = await sharp(demoPhotoPath(photo)).extract({ left, top, width: side, height: side }).resize(320, 320).jpeg({ quality: 90 }).toBuffer();
      writeFileSync(path, jpeg); // whole file at once; concurrent test workers may race to write
    }
    out[name] = path;
  }
  return out as unknown as FaceFixtures;
}
