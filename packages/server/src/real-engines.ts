// Adapters from the face and finger engines to the server's engine ports. Loaded only by `serve`,
// the CLI and the end-to-end test, so unit tests never pay for model start-up.
import type { Engines, FaceEnginePort, FingerEnginePort } from './engines.ts';

export async function createFaceEnginePort(): Promise<FaceEnginePort> {
  const face = await import('@candor/face/node');
  const engine = await face.createNodeFaceEngine();
  const calibration = face.faceCalibration(engine.modelId);
  return {
    modelId: engine.modelId,
    calibration,
    async analyze(bytes) {
      // The engine analyses faces[0]: the largest face nearest the centre of the photo.
      const a = await engine.analyze(bytes);
      const { x1, y1, x2, y2 } = a.faces[0].box;
      return { template: a.template.vector, modelId: a.template.modelId, quality: { score: a.quality.score, reasons: a.quality.reasons }, faceCount: a.faces.length, box: { x1, y1, x2, y2 } };
    },
  };
}

/** Shape of the parts of @candor/finger used here (its facade per docs/architecture.md). */
interface FingerModule {
  extractFingerprint(bytes: Uint8Array, opts?: { dpi?: number }): { template: unknown; quality: { score: number; reasons: string[] } };
  encodeTemplate(t: unknown): Uint8Array;
  decodeTemplate(b: Uint8Array): unknown;
  isCurrentTemplate?(b: Uint8Array): boolean;
  FingerprintMatcher: new (probe: unknown) => { match(candidate: unknown): number };
  FingerGallery: new () => {
    readonly size: number;
    addEncoded(bytes: Uint8Array): number;
    template(slot: number): unknown;
    shortlist(probe: unknown, count: number, opts?: { deep?: boolean }): number[];
  };
  deepPassWarranted(probeMinutiae: number, bestFmr: number, galleryFingers: number): boolean;
  GalleryProbe: new (template: unknown) => unknown;
  fingerCalibration(kind?: 'contact' | 'contactless'): { fmrAt(s: number): number; thresholdFor(f: number): number };
  TEMPLATE_FAMILY?: string;
}

interface PreparedFinger { matcher: { match(candidate: unknown): number }; prefilter: unknown; minutiae: number }

interface ContactlessModule {
  extractContactless(bytes: Uint8Array, opts?: { position?: number }): { template: unknown; quality: { score: number; reasons: string[] } };
  contactlessCalibration(against?: 'contact' | 'contactless'): { fmrAt(s: number): number; thresholdFor(f: number): number };
}

export async function createFingerEnginePort(): Promise<FingerEnginePort> {
  const name = '@candor/finger';
  const f = (await import(name)) as FingerModule;
  const contactless = (await import(`${name}/contactless`)) as ContactlessModule;
  return {
    // The template family, not the byte version: version 2 templates (with a ridge field) and version 1 ones
    // stored before them are read and compared alike, so both stay in the index.
    modelId: f.TEMPLATE_FAMILY ?? 'candor-minutiae@1',
    async extract(bytes, opts) {
      // A contactless photo (finger held in front of the phone camera) goes through the finger
      // package's contactless pipeline: segmentation, ridge enhancement, then the contact extractor,
      // so its template is matched by the same matcher against enrolled contact prints.
      const x = opts.contactless ? contactless.extractContactless(bytes) : f.extractFingerprint(bytes, { dpi: opts.dpi });
      return { template: f.encodeTemplate(x.template), quality: x.quality };
    },
    prepare(probe) {
      const t = f.decodeTemplate(probe);
      const minutiae = (t as { minutiae: unknown[] }).minutiae.length;
      return { matcher: new f.FingerprintMatcher(t), prefilter: new f.GalleryProbe(t), minutiae } satisfies PreparedFinger;
    },
    gallery() {
      // Stored encoded, decoded only when a search compares them (finger-gallery.ts).
      const g = new f.FingerGallery();
      return {
        get size() { return g.size; },
        add: (bytes) => g.addEncoded(bytes),
        shortlist: (p, count, opts) => g.shortlist((p as PreparedFinger).prefilter, count, { deep: opts?.deep }),
        compare: (p, slot) => (p as PreparedFinger).matcher.match(g.template(slot)),
      };
    },
    // The engine's rule (finger-index.ts deepPassWarranted): a small probe finger that found no one standing out.
    wantsDeepPass: (p, bestFmr, fingers) => f.deepPassWarranted((p as PreparedFinger).minutiae, bestFmr, fingers),
    // Version 1 templates have no ridge field (`candor finger upgrade-templates` re-extracts them).
    isCurrent: (b) => f.isCurrentTemplate?.(b) ?? true,
    // Measured tables of the finger package: contact prints (`candor eval finger-calibrate`) and a
    // contactless capture against enrolled contact prints (`candor eval contactless-calibrate`);
    // registries enrol contact prints, so a contactless probe uses the 'contact' side of its table.
    calibration: (isContactless) => (isContactless ? contactless.contactlessCalibration('contact') : f.fingerCalibration('contact')),
  };
}

/** Both engines; an engine that fails to load is left out (its modality answers ENGINE_UNAVAILABLE). */
export async function createRealEngines(log: (msg: string) => void = () => {}): Promise<Engines> {
  const [face, finger] = await Promise.allSettled([createFaceEnginePort(), createFingerEnginePort()]);
  if (face.status === 'rejected') log(`face engine unavailable: ${(face.reason as Error)?.message}`);
  if (finger.status === 'rejected') log(`finger engine unavailable: ${(finger.reason as Error)?.message}`);
  return { face: face.status === 'fulfilled' ? face.value : undefined, finger: finger.status === 'fulfilled' ? finger.value : undefined };
}
