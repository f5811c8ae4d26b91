// Contactless finger photos on disk → templates through the contactless pipeline.
// A folder of `<finger>_<capture>.<ext>` photos (any of JPEG, PNG, BMP) is read like a contact
// data set, so `candor eval finger --contactless` and the commands here share one path.
import { readFileSync } from 'node:fs';
import { extractFromGray, type FingerTemplate } from '@candor/finger';
import { contactlessToGray, type ContactlessOptions, type ContactlessPrint, type PhotoInput } from '@candor/finger/contactless';
import { listSamples, type Enrolled, type Sample } from '../finger/dataset.ts';

export { listSamples };

export interface ContactlessEnrolled extends Enrolled {
  /** Capture-quality reasons of the photo (empty when it failed before measuring). */
  reasons: string[];
  /** Ridge period in the photo, pixels (NaN on failure). */
  periodPx: number;
}

/** Photo bytes (or pixels) → print → template; failures are kept as null templates. */
export function enrolPhoto(sample: Sample, input: PhotoInput, opts: ContactlessOptions = {}): ContactlessEnrolled {
  const t0 = performance.now();
  let print: ContactlessPrint | null = null;
  try {
    print = contactlessToGray(input, opts);
    const ex = extractFromGray(print.image, { dpi: 500 });
    return { ...sample, template: ex.template, quality: ex.quality.score, ms: performance.now() - t0, reasons: print.quality.reasons, periodPx: print.periodPx };
  } catch (e) {
    return {
      ...sample, template: null, quality: 0, ms: performance.now() - t0, error: (e as { code?: string }).code ?? String(e),
      reasons: print?.quality.reasons ?? [], periodPx: print?.periodPx ?? NaN,
    };
  }
}

/** Every `<finger>_<capture>.<ext>` photo of `dir` through the pipeline. */
export function enrolContactlessFolder(dir: string, opts: ContactlessOptions = {}): ContactlessEnrolled[] {
  return listSamples(dir).map((s) => enrolPhoto(s, readFileSync(s.path), opts));
}

/** Templates of a folder, by `<finger>_<capture>` key (null: failure to enrol). */
export function contactlessTemplates(dir: string, opts: ContactlessOptions = {}): Map<string, FingerTemplate | null> {
  return new Map(enrolContactlessFolder(dir, opts).map((e) => [`${e.finger}_${e.impression}`, e.template]));
}
