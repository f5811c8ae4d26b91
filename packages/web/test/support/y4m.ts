// A tiny YUV4MPEG2 writer: Chromium's fake camera (--use-file-for-fake-video-capture) plays the file
// in a loop, so a still photo becomes a live camera feed for browser tests.
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';

/** BT.601 full-range RGB -> YUV 4:2:0 (chroma averaged over each 2x2 block). */
export function rgbToI420(rgb: Uint8Array, width: number, height: number): Uint8Array {
  const cw = width >> 1, ch = height >> 1;
  const out = new Uint8Array(width * height + 2 * cw * ch);
  const u = width * height, v = u + cw * ch;
  for (let i = 0, p = 0; i < width * height; i++, p += 3) {
    out[i] = clamp(0.299 * rgb[p] + 0.587 * rgb[p + 1] + 0.114 * rgb[p + 2]);
  }
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      let r = 0, g = 0, b = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
        const p = ((2 * y + dy) * width + 2 * x + dx) * 3;
        r += rgb[p]; g += rgb[p + 1]; b += rgb[p + 2];
      }
      r /= 4; g /= 4; b /= 4;
      out[u + y * cw + x] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
      out[v + y * cw + x] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    }
  }
  return out;
}

function clamp(n: number): number { return n < 0 ? 0 : n > 255 ? 255 : Math.round(n); }

/**
 * Writes `frames` copies of an image (any format sharp reads) as a width x height Y4M video,
 * the image fitted inside on a mid-grey background.
 */
export async function writeY4m(image: Uint8Array | string, out: string, opts: { width?: number; height?: number; frames?: number; fps?: number } = {}): Promise<void> {
  const width = opts.width ?? 640, height = opts.height ?? 480, frames = opts.frames ?? 5, fps = opts.fps ?? 10;
  const { data } = await sharp(image)
    .resize(width, height, { fit: 'contain', background: { r: 128, g: 128, b: 128 } })
    .removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const frame = rgbToI420(new Uint8Array(data.buffer, data.byteOffset, data.length), width, height);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const marker = Buffer.from('FRAME\n');
  const parts: Uint8Array[] = [header];
  for (let i = 0; i < frames; i++) parts.push(marker, frame);
  writeFileSync(out, Buffer.concat(parts));
}
