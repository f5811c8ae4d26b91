// Face photos for tests of any package. Placeholder until a face image shipped in an npm package is
// wired in (see docs/face.md).
export function faceFixturePath(): string {
  throw new Error('no face fixture yet');
}
