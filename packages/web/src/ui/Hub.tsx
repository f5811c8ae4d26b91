// The encounter's home: what was captured, which registries to search, the search button and
// the offline queue.
import { useState } from 'preact/hooks';
import type { Photo } from '../capture/camera.ts';
import { readFileAsPhoto } from '../capture/camera.ts';
import { guidanceText, type FrameAssessment } from '../capture/guidance.ts';
import type { Registry } from '../api/types.ts';
import type { EncounterInfo } from './Encounter.tsx';

export interface FaceCapture { photo: Photo; assessment: FrameAssessment | null; auto: boolean }
export interface FingerCapture { photo: Photo; position: number; dpi?: number; contactless: boolean; assessment: FrameAssessment | null }
export interface Captures { face?: FaceCapture; fingers: FingerCapture[] }

export interface QueueView { waiting: number; ready: { id: string; caseRef: string; candidates: number; open: () => void }[]; note: string | null }

export const FINGER_NAMES = ['', 'Right thumb', 'Right index', 'Right middle', 'Right ring', 'Right little',
  'Left thumb', 'Left index', 'Left middle', 'Left ring', 'Left little'];

export function Hub(props: {
  encounter: EncounterInfo; purposeLabel: string; registries: Registry[]; captures: Captures;
  online: boolean; queue: QueueView; error: string | null;
  /** Holder of the cross_registry role: may search several registries at once, with a reason. */
  crossRegistry: boolean;
  onFace: () => void; onFinger: (position: number) => void; onUpload: (c: FingerCapture) => void;
  onClear: () => void; onSearch: (registries: string[], reason?: string) => void; onEnd: () => void;
}) {
  const { encounter, registries, captures, queue } = props;
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(registries.slice(0, 1).map((r) => r.id)));
  const [reason, setReason] = useState('');
  const [position, setPosition] = useState(2);
  const [dpi, setDpi] = useState(500);
  const hasCapture = !!captures.face || captures.fingers.length > 0;
  const needsReason = chosen.size > 1;
  const toggle = (id: string) => {
    if (!props.crossRegistry) { setChosen(new Set([id])); return; }
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id); else next.add(id);
    setChosen(next);
  };

  async function upload(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    props.onUpload({ photo: await readFileAsPhoto(file), position, dpi, contactless: false, assessment: null });
    input.value = '';
  }

  return (
    <div class="stack">
      <section class="card" aria-labelledby="hub-title">
        <h1 id="hub-title">Capture</h1>
        <p class="meta">Purpose: <strong>{props.purposeLabel}</strong> · Case: <strong>{encounter.caseRef}</strong></p>
        {!props.online && <p class="offline" role="status">Offline: searches are saved encrypted on this phone and sent when the connection returns.</p>}
        <button class="primary big" type="button" onClick={props.onFace} data-testid="capture-face">{captures.face ? 'Retake face photo' : 'Photograph face'}</button>
        {captures.face && <CaptureFeedback title="Face photo" photo={captures.face.photo} assessment={captures.face.assessment} training={encounter.training} auto={captures.face.auto} />}

        <label for="finger-pos">Finger</label>
        <select id="finger-pos" value={position} onChange={(e) => setPosition(Number(e.currentTarget.value))}>
          {FINGER_NAMES.slice(1).map((n, i) => <option key={i} value={i + 1}>{n}</option>)}
        </select>
        <button class="big" type="button" onClick={() => props.onFinger(position)} data-testid="capture-finger">Photograph finger</button>
        <details>
          <summary>Upload a scanner image instead</summary>
          <label for="dpi">Scanner resolution (dpi)</label>
          <input id="dpi" type="number" min={250} max={1000} step={50} value={dpi} onInput={(e) => setDpi(Number(e.currentTarget.value))} />
          <label for="scan">Fingerprint image file</label>
          <input id="scan" type="file" accept="image/*,.wsq,.bmp,.tif,.tiff" onChange={upload} />
        </details>
        {captures.fingers.map((f, i) => (
          <CaptureFeedback key={i} title={FINGER_NAMES[f.position] + (f.contactless ? ' (photo)' : ' (scanner)')} photo={f.photo} assessment={f.assessment} training={encounter.training} auto={false} />
        ))}
        {hasCapture && <button type="button" onClick={props.onClear}>Discard captures</button>}
      </section>

      <section class="card" aria-labelledby="reg-title">
        <h2 id="reg-title">Registries to search</h2>
        {registries.length === 0 && <p>You may not search any {encounter.training ? 'training ' : ''}registry.</p>}
        {registries.map((r) => (
          <label class="check" key={r.id}>
            <input type={props.crossRegistry ? 'checkbox' : 'radio'} name="registry" checked={chosen.has(r.id)} onChange={() => toggle(r.id)} />
            {r.name} <span class="meta">({r.modalities.join(', ')})</span>
          </label>
        ))}
        {needsReason && (<>
          <label for="reason">Reason for searching several registries</label>
          <textarea id="reason" required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </>)}
        <p class="error" role="alert">{props.error ?? ''}</p>
        <button class="primary big" type="button" disabled={!hasCapture || chosen.size === 0 || (needsReason && !reason.trim())}
          onClick={() => props.onSearch([...chosen], needsReason ? reason.trim() : undefined)} data-testid="search">
          {props.online ? 'Search' : 'Save search for when online'}
        </button>
      </section>

      {(queue.waiting > 0 || queue.ready.length > 0 || queue.note) && (
        <section class="card" aria-labelledby="queue-title" aria-live="polite">
          <h2 id="queue-title">Offline searches</h2>
          {queue.waiting > 0 && <p data-testid="queue-waiting">{queue.waiting} search{queue.waiting > 1 ? 'es' : ''} waiting for a connection (discarded after 24 hours).</p>}
          {queue.note && <p>{queue.note}</p>}
          {queue.ready.map((r) => (
            <button type="button" key={r.id} onClick={r.open} data-testid="queue-ready">
              Results for case {r.caseRef}: {r.candidates} candidate{r.candidates === 1 ? '' : 's'}
            </button>
          ))}
        </section>
      )}
      <button type="button" onClick={props.onEnd}>End encounter</button>
    </div>
  );
}

function CaptureFeedback({ title, photo, assessment, training, auto }: { title: string; photo: Photo; assessment: FrameAssessment | null; training: boolean; auto: boolean }) {
  const improve = assessment?.codes.map((c) => guidanceText[c]) ?? [];
  return (
    <figure class="capture">
      <img src={photo.dataUrl} alt={title} />
      <figcaption>
        <strong>{title}</strong>{auto ? ' · taken automatically' : ''}
        {assessment && <span data-testid="capture-quality"> · on-device quality {assessment.score}/100</span>}
        {training && (
          <p class="feedback" data-testid="training-feedback">
            {assessment === null ? 'No on-device quality check for uploaded files.'
              : improve.length === 0 ? 'Good capture: well lit, sharp and steady.'
                : 'To improve: ' + improve.join('; ') + '.'}
          </p>
        )}
        {!training && improve.length > 0 && <p class="feedback">Quality issues: {improve.join('; ')}. Consider retaking.</p>}
      </figcaption>
    </figure>
  );
}
