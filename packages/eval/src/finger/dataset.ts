// Finger datasets on disk: files named `<finger>_<impression>.<ext>`, any image format.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Extraction, type FingerTemplate, type GrayImage, extractFromGray, decodeFingerImage, decodeTemplate, encodeTemplate } from '@candor/finger';

export interface Sample { finger: string; impression: number; path: string }

export function listSamples(dir: string): Sample[] {
  const out: Sample[] = [];
  for (const name of readdirSync(dir)) {
    const m = /^(.+)_(\d+)\.[A-Za-z0-9]+$/.exec(name); // the last _N is the impression
    if (m) out.push({ finger: m[1], impression: Number(m[2]), path: join(dir, name) });
  }
  return out.sort((a, b) => a.finger.localeCompare(b.finger) || a.impression - b.impression);
}

/** Turns file bytes into a 500 ppi gray image; the contactless front end plugs in here. */
export type ToGray = (bytes: Uint8Array, opts: { dpi?: number }) => GrayImage | Promise<GrayImage>;

export async function contactlessHook(): Promise<ToGray> {
  // Owned by the contactless front end; loaded only when asked for, so contact evaluation never depends on it.
  const spec = '@candor/finger/contactless'; // a variable, so typechecking never depends on that module
  const mod = (await import(spec)) as { contactlessToGray?: ToGray };
  if (typeof mod.contactlessToGray !== 'function') throw new Error('@candor/finger/contactless does not export contactlessToGray yet');
  return mod.contactlessToGray;
}

/** `ms` is wall time, `cpuMs` this thread's CPU time (the fair per-core figure on a shared machine). */
export interface Enrolled extends Sample {
  template: FingerTemplate | null; quality: number; ms: number; cpuMs?: number; error?: string;
  /** The quality's measures and reasons (FingerQuality), when extraction succeeded. */
  qualityMeasures?: Record<string, number>; qualityReasons?: string[];
}

/**
 * A template as Candor stores and matches it: through the binary template format (integer pixels,
 * directions in 2π/256 steps). Evaluations score this form, not the extractor's floating-point output,
 * because the server only ever matches stored templates, and the FVC figures move with sub-degree
 * direction changes (docs/finger.md, "Evaluated in the stored form").
 */
export function storedForm(t: FingerTemplate): FingerTemplate {
  return decodeTemplate(encodeTemplate(t));
}

/** Extracts every sample, into the stored form; failures are kept as null templates (failure to enrol). */
export async function enrolAll(samples: Sample[], dpi: number, toGray?: ToGray): Promise<Enrolled[]> {
  const out: Enrolled[] = [];
  for (const s of samples) {
    const bytes = readFileSync(s.path);
    const t0 = performance.now(); const c0 = process.cpuUsage();
    const cpu = () => { const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; };
    try {
      let ex: Extraction;
      if (toGray) ex = extractFromGray(await toGray(bytes, { dpi }), { dpi: 500 });
      else ex = extractFromGray(decodeFingerImage(bytes), { dpi });
      const ms = performance.now() - t0, cpuMs = cpu();
      out.push({ ...s, template: storedForm(ex.template), quality: ex.quality.score, qualityMeasures: ex.quality.measures, qualityReasons: ex.quality.reasons, ms, cpuMs });
    } catch (e) {
      out.push({ ...s, template: null, quality: 0, ms: performance.now() - t0, cpuMs: cpu(), error: (e as { code?: string }).code ?? String(e) });
    }
  }
  return out;
}

/** Parses `--name value` and `--flag` arguments. */
export function parseArgs(argv: string[]): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) { out[a.slice(2)] = next; i++; } else out[a.slice(2)] = true;
  }
  return out;
}

/** FVC2002 DB2 was scanned at 569 ppi; everything else in the shared set at 500. */
export function defaultDpi(dir: string): number {
  return /DB2/.test(dir) ? 569 : 500;
}
