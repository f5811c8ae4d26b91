// Candidate cards (never "match") and the no-candidate explanation.
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Candidate, ProbeFace, Registry, SearchResponse } from '../api/types.ts';
import { fmrToWords, NO_CANDIDATE_DOES_NOT_MEAN, NO_CANDIDATE_MEANS, POSSIBLE_MATCH, scoreBand } from '../words.ts';
import { FINGER_NAMES } from './Hub.tsx';

export interface ReviewHandler { (rank: number, decision: 'confirmed' | 'rejected', reason: string): Promise<string> }

export function Results({ response, probe, registries, searched, training, onReview, onBack }: {
  response: SearchResponse; probe?: string; registries: Registry[]; searched: string[]; training: boolean;
  onReview: ReviewHandler; onBack: () => void;
}) {
  const names = new Map(registries.map((r) => [r.id, r.name]));
  const searchedNames = searched.map((id) => names.get(id) ?? id);
  const outlined = useOutlined(probe, response.probeFace);
  if (response.noCandidate || response.candidates.length === 0) {
    return (
      <section class="card" aria-labelledby="none-title" data-testid="no-candidate">
        <h1 id="none-title">No candidate</h1>
        <MultiFaceNotice face={response.probeFace} outlined={outlined} />
        <p><strong>What this means:</strong> {NO_CANDIDATE_MEANS}</p>
        <p class="meta">Searched: {searchedNames.join(', ')}</p>
        <p><strong>What it does not mean:</strong></p>
        <ul>{NO_CANDIDATE_DOES_NOT_MEAN.map((t) => <li key={t}>{t}</li>)}</ul>
        <button class="primary big" type="button" onClick={onBack}>Back to capture</button>
      </section>
    );
  }
  return (
    <div class="stack">
      <h1 class="screen-title">{response.candidates.length} candidate{response.candidates.length > 1 ? 's' : ''} to verify</h1>
      <p class="meta">Searched: {searchedNames.join(', ')}. Candidates are ranked by similarity; none is an identification.</p>
      <MultiFaceNotice face={response.probeFace} outlined={outlined} />
      {response.candidates.map((c) => (
        <CandidateCard key={c.rank} c={c} probe={probe} outlined={outlined} registryName={names.get(c.registry) ?? c.registry} training={training} onReview={onReview} />
      ))}
      <button class="big" type="button" onClick={onBack}>Back to capture</button>
    </div>
  );
}

function CandidateCard({ c, probe, outlined, registryName, training, onReview }: {
  c: Candidate; probe?: string; outlined: Outlined | null; registryName: string; training: boolean; onReview: ReviewHandler;
}) {
  const band = scoreBand(c.fmr);
  const [decision, setDecision] = useState<'confirmed' | 'rejected' | null>(null);
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The server sends a small JPEG of the record's face sample (data URL) to roles that may read
  // the registry; a bare base64 string is accepted too. One that fails to decode shows as absent.
  const [thumbBroken, setThumbBroken] = useState(false);
  const thumb = c.thumbnail && !thumbBroken ? (c.thumbnail.startsWith('data:') ? c.thumbnail : `data:image/jpeg;base64,${c.thumbnail}`) : null;

  async function submit(e: Event) {
    e.preventDefault();
    if (!decision) return;
    setBusy(true);
    try { setStatus(await onReview(c.rank, decision, reason.trim())); } catch (err) { setStatus(err instanceof Error ? err.message : 'Review failed.'); } finally { setBusy(false); }
  }

  return (
    <article class="card candidate" aria-labelledby={`cand-${c.rank}`} data-testid="candidate">
      <h2 id={`cand-${c.rank}`}>#{c.rank} · {POSSIBLE_MATCH}</h2>
      <div class="pair">
        <figure>{probe ? <ProbePhoto src={probe} outlined={outlined} /> : <div class="nophoto">No photo</div>}<figcaption>Taken now</figcaption></figure>
        <figure>{thumb ? <img src={thumb} alt="Photo on record" onError={() => setThumbBroken(true)} /> : <div class="nophoto">No photo on record</div>}<figcaption>On record</figcaption></figure>
      </div>
      <p class={`band ${band.band}`}><strong>{band.label}</strong></p>
      <p data-testid="fmr-text">{capitalise(c.fmrText || fmrToWords(c.fmr))}.</p>
      <dl>
        <dt>Registry</dt><dd>{registryName}</dd>
        <dt>Record</dt><dd>{c.recordId}</dd>
        {Object.entries(c.summary ?? {}).map(([k, v]) => (<Fragment key={k}><dt>{labelOf(k)}</dt><dd>{formatValue(v)}</dd></Fragment>))}
        {c.contributions?.face && <><dt>Face</dt><dd>{fmrToWords(c.contributions.face.fmr)}</dd></>}
        {c.contributions?.fingers?.map((f, i) => <Fragment key={i}><dt>{FINGER_NAMES[f.position] || "Finger (position not recorded)"}</dt><dd>{fmrToWords(f.fmr)}</dd></Fragment>)}
      </dl>
      {(c.alerts ?? []).length > 0 && (
        <div class="alerts" role="note" aria-label="Alerts">
          {c.alerts!.map((a, i) => (
            <p key={i} class="alert"><strong>Alert:</strong> {a.reason} <span class="meta">Source: {a.source}{a.expiresAt ? ` · expires ${new Date(a.expiresAt).toLocaleDateString()}` : ' · no expiry'}</span></p>
          ))}
        </div>
      )}
      {status ? <p role="status" class="reviewed">{status}</p> : (
        <form onSubmit={submit} class="review">
          <fieldset>
            <legend>After checking documents{training ? ' (practice: not recorded)' : ''}</legend>
            <label class="check"><input type="radio" name={`d-${c.rank}`} checked={decision === 'confirmed'} onChange={() => setDecision('confirmed')} /> Confirm: same person</label>
            <label class="check"><input type="radio" name={`d-${c.rank}`} checked={decision === 'rejected'} onChange={() => setDecision('rejected')} /> Reject: different person</label>
          </fieldset>
          {decision && (<>
            <label for={`reason-${c.rank}`}>Reason (required)</label>
            <textarea id={`reason-${c.rank}`} required minLength={3} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
            <button class="primary" type="submit" disabled={busy || reason.trim().length < 3}>Record decision</button>
          </>)}
        </form>
      )}
    </article>
  );
}

/** The probe photo with the face the server searched, when the photo held several faces. */
interface Outlined { src: string; box: NonNullable<ProbeFace['searched']>; w: number; h: number }

/**
 * Reads the probe photo's natural size once per search (the box is in its pixels), for the notice
 * and every candidate card; null while loading or when there is nothing to outline.
 */
function useOutlined(src: string | undefined, face: ProbeFace | undefined): Outlined | null {
  const box = src && face && face.count > 1 ? face.searched : undefined;
  const [size, setSize] = useState<{ src: string; w: number; h: number } | null>(null);
  useEffect(() => {
    if (!src || !box) return;
    const img = new Image();
    img.onload = () => setSize({ src, w: img.naturalWidth, h: img.naturalHeight });
    img.src = src;
  }, [src, box !== undefined]);
  return src && box && size?.src === src ? { src, box, w: size.w, h: size.h } : null;
}

/**
 * With several faces in the photo the server searched one of them (the largest nearest the centre).
 * The operator must see which, or a bystander's candidates could be taken for the subject's.
 */
function MultiFaceNotice({ face, outlined }: { face?: ProbeFace; outlined: Outlined | null }) {
  if (!face || face.count < 2) return null;
  return (
    <div class="card warn" role="note" data-testid="multi-face">
      <p><strong>{face.count} faces were in the photo.</strong> Only the outlined one was searched: the largest, nearest the centre.
        If that is not the person in front of you, retake the photo with only them in frame.</p>
      {outlined && <div class="multi-face-photo"><ProbePhoto src={outlined.src} outlined={outlined} /></div>}
    </div>
  );
}

/** The photo taken now; when it held several faces, drawn with the searched face outlined. */
function ProbePhoto({ src, outlined }: { src: string; outlined: Outlined | null }) {
  if (!outlined) return <img src={src} alt="Photo taken now" />;
  const { box, w, h } = outlined;
  // The SVG's coordinate system is the photo's natural size, so photo and outline scale and crop together.
  return (
    <svg class="probe-photo" viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="xMidYMid slice" role="img"
      aria-label="Photo taken now, with the searched face outlined" data-testid="probe-outlined">
      <image href={src} width={w} height={h} />
      <rect class="searched-face" x={box.x1} y={box.y1} width={box.x2 - box.x1} height={box.y2 - box.y1}
        fill="none" stroke-width={Math.max(2, Math.round(w / 120))} />
    </svg>
  );
}

function capitalise(s: string): string { return s.charAt(0).toUpperCase() + s.slice(1); }
function labelOf(key: string): string { return capitalise(key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ')); }
function formatValue(v: unknown): string { return v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v); }
