// A fixed workload that measures how fast this machine runs the kind of code the engines are made of
// (typed-array arithmetic in tight loops, a sort), so that speed gates can tell a slower machine from
// slower code. Machines given to this project have differed up to 2.7× in speed with the same code
// (session 18: fingerprint extraction 15 ms median CPU on one, 40–45 ms on another), which no fixed
// threshold can absorb without also letting a real regression through.

/** One run: separable 15-tap filtering of a 512×512 float image (a Gabor-like pass), then a sort of 200k numbers. */
function workload(): number {
  const w = 512, h = 512, src = new Float32Array(w * h), tmp = new Float32Array(w * h);
  let s = 12345;
  for (let i = 0; i < src.length; i++) { s = (s * 1103515245 + 12345) & 0x7fffffff; src[i] = s / 0x7fffffff; }
  const k = new Float32Array(15);
  for (let i = 0; i < 15; i++) k[i] = Math.exp(-((i - 7) ** 2) / 18) * Math.cos(i);
  let check = 0;
  for (let pass = 0; pass < 6; pass++) {
    for (let y = 0; y < h; y++) {
      for (let x = 7; x < w - 7; x++) {
        let acc = 0; const o = y * w + x;
        for (let t = 0; t < 15; t++) acc += src[o + t - 7] * k[t];
        tmp[o] = acc;
      }
    }
    for (let y = 7; y < h - 7; y++) {
      for (let x = 0; x < w; x++) {
        let acc = 0; const o = y * w + x;
        for (let t = 0; t < 15; t++) acc += tmp[o + (t - 7) * w] * k[t];
        src[o] = acc * 0.5;
      }
    }
    check += src[pass * 1000];
  }
  const v = new Float64Array(200_000);
  for (let i = 0; i < v.length; i++) { s = (s * 1103515245 + 12345) & 0x7fffffff; v[i] = s; }
  v.sort();
  return check + v[1000];
}

/** Median CPU milliseconds of `rounds` runs of the reference workload on this thread (after one warm-up). */
export function referenceCpuMs(rounds = 7): number {
  workload();
  const ms: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage(); workload(); const c = process.cpuUsage(c0);
    ms.push((c.user + c.system) / 1000);
  }
  return ms.sort((a, b) => a - b)[rounds >> 1];
}
