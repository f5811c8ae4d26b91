// Re-extraction of stored finger templates after a template format change (format v2 added the
// ridge field: a v1 template still matches, at a fixed discount, see docs/finger.md). Each template
// the engine reports as not current is extracted again from its stored sample image through the
// pipeline that made it (contact or contactless, recorded since migration 0002; samples stored before
// it are treated as contact captures), and replaced with an audit entry in its own transaction, so an
// interruption or a failure leaves every template either old or new, never half-written.
import type { Store } from '@candor/store';
import type { FingerEnginePort } from './engines.ts';

export interface UpgradeReport { examined: number; current: number; upgraded: number; failed: number; failures: { templateId: string; reason: string }[] }

export async function upgradeFingerTemplates(store: Store, finger: FingerEnginePort, opts: { actor: string; dryRun?: boolean; onProgress?: (r: UpgradeReport) => void }): Promise<UpgradeReport> {
  const report: UpgradeReport = { examined: 0, current: 0, upgraded: 0, failed: 0, failures: [] };
  if (!finger.isCurrent) return report;
  // Collected first: replacing templates while paging through them by id would be safe, but a list keeps
  // the reading side simple and the set fixed.
  const stale: { id: string; sampleId: string }[] = [];
  for await (const batch of store.records.iterateTemplates({ modality: 'finger' })) {
    for (const t of batch) {
      report.examined++;
      if (finger.isCurrent(t.data)) report.current++;
      else stale.push({ id: t.id, sampleId: t.sampleId });
    }
  }
  for (const t of stale) {
    const fail = (reason: string) => { report.failed++; if (report.failures.length < 100) report.failures.push({ templateId: t.id, reason }); };
    const sample = await store.records.getSampleImage(t.sampleId);
    if (!sample) { fail('sample image not found'); continue; }
    try {
      const x = await finger.extract(sample.image, { dpi: sample.info.dpi ?? undefined, contactless: sample.info.capture === 'contactless' });
      if (!opts.dryRun) await store.records.replaceTemplate({ templateId: t.id, data: x.template, modelId: finger.modelId, actor: opts.actor, reason: 'finger template format upgrade' });
      report.upgraded++;
    } catch (e) {
      // The error's code only (engine codes such as NOT_A_FINGERPRINT): no image or template content.
      fail(String((e as { code?: unknown })?.code ?? 'extraction failed'));
    }
    opts.onProgress?.(report);
  }
  return report;
}
